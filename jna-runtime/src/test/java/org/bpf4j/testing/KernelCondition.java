package org.bpf4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Decides whether a {@link KernelTest} can run here; see there for the policy. */
public final class KernelCondition implements ExecutionCondition {
    /** Environment variable that turns a missing kernel from a skip into a failure. */
    public static final String REQUIRE = "BPF4J_REQUIRE_KERNEL";

    private static final Optional<String> MISSING = probe();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (MISSING.isEmpty()) return ConditionEvaluationResult.enabled("kernel BPF available");
        String reason = "kernel test skipped: " + MISSING.get();
        if ("1".equals(System.getenv(REQUIRE))) {
            throw new IllegalStateException(reason + " (and " + REQUIRE + "=1 makes that a failure)");
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    /** Empty when BPF is usable, otherwise the reason it is not. */
    private static Optional<String> probe() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("not Linux");
        }
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            boolean root = status.lines().anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
            if (!root) return Optional.of("not running as root");
        } catch (IOException e) {
            return Optional.of("cannot read /proc/self/status: " + e.getMessage());
        }
        if (!Files.exists(Path.of("/sys/fs/bpf"))) return Optional.of("/sys/fs/bpf does not exist (no BPF support)");
        if (!Files.exists(Path.of("/proc/sys/kernel/unprivileged_bpf_disabled"))) {
            return Optional.of("kernel built without CONFIG_BPF_SYSCALL");
        }
        return Optional.empty();
    }
}
