package org.bpf4j.junit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when something it needs (a tool, a kernel feature, a file) is missing: it is
 * skipped with the reason, unless {@code BPF4J_REQUIRE_KERNEL=1}, in which case it fails, so a CI
 * machine without the prerequisite cannot pass silently. {@link KernelTest} follows the same policy.
 */
public final class Prerequisites {
    /** The environment variable that turns a missing prerequisite from a skip into a failure. */
    public static final String REQUIRE_VARIABLE = "BPF4J_REQUIRE_KERNEL";

    /** sbin directories hold bpftool, ip and tc but are not on every user's PATH. */
    private static final List<String> SBIN_DIRECTORIES = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

    private Prerequisites() {}

    /** Whether missing prerequisites fail tests rather than skip them. */
    public static boolean required() {
        return "1".equals(System.getenv(REQUIRE_VARIABLE));
    }

    /** Skips or fails the test with "needs {@code what}" unless {@code present}. */
    public static void require(String what, boolean present) {
        if (!present) skipOrFail("needs " + what);
    }

    /** The executable {@code name} on the PATH or in an sbin directory; skips or fails if none. */
    public static Path requireTool(String name) {
        Optional<Path> tool = findTool(name);
        require(name + " (not on PATH)", tool.isPresent());
        return tool.orElseThrow();
    }

    /** The imperative {@link KernelTest}, for helpers that need the kernel wherever they are called. */
    public static void requireKernel() {
        KernelProbe.missing().ifPresent(reason -> skipOrFail("needs the kernel's BPF: " + reason));
    }

    /** The executable {@code name} on the PATH or in an sbin directory, if any. */
    public static Optional<Path> findTool(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), SBIN_DIRECTORIES.stream())
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Skips the test, also when {@link #required()}, unless the running kernel supports
     * {@code what}. Only for a kernel that refuses a feature (as a real probe found, not a
     * version number): that is a fact about the kernel, not a missing setup, and CI runs the same
     * test on a second kernel that has it (see .ci/README.md).
     */
    public static void requireKernelSupport(String what, boolean supported) {
        Assumptions.assumeTrue(supported, () -> "this kernel refuses " + what);
    }

    /** Skips the test with {@code reason}, or fails it when {@link #required()}. Never returns. */
    public static void skipOrFail(String reason) {
        if (required()) Assertions.fail(requiredMessage(reason));
        Assumptions.abort(reason);
    }

    static String requiredMessage(String reason) {
        return reason + " (" + REQUIRE_VARIABLE + "=1 makes that a failure)";
    }
}
