package org.bpf4j.guide.troubleshooting;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.guide.first.ProtocolCounterSkeleton;
import org.bpf4j.runtime.BpfPermissionException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What a user without privileges sees when loading: a message naming root and the capabilities.
 * It runs where the JVM has no privileges, as in {@code .ci/jvm-tests-as-nobody}.
 */
class UnprivilegedLoadJvmTest {
    @Test
    void loadingWithoutPrivilegesNamesRootAndTheCapabilities() throws Exception {
        Assumptions.assumeFalse(privileged(), "runs unprivileged only (.ci/jvm-tests-as-nobody)");

        BpfPermissionException e = assertThrows(BpfPermissionException.class, ProtocolCounterSkeleton::load);

        assertTrue(e.getMessage().contains("Run as root") && e.getMessage().contains("CAP_BPF"), e.getMessage());
    }

    /** Root, or any effective capability (CapEff in /proc/self/status is not all zero). */
    private static boolean privileged() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("CapEff:"))
                .anyMatch(line -> !line.substring("CapEff:".length()).strip().matches("0+"));
    }
}
