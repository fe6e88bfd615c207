package org.bpf4j.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KernelProbeTest {
    @Test
    @KernelTest
    void aKernelTestRunsOnlyWhereTheProbeLoadedAProgram() {
        assertEquals(java.util.Optional.empty(), KernelProbe.missing());
    }

    @Test
    void bpfIsNeverAvailableWithoutRoot() throws Exception {
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(line -> line.matches("Uid:\\s+\\d+\\s+0\\s.*"));
        if (!root) assertEquals(java.util.Optional.of("not running as root"), KernelProbe.missing());
        else assertTrue(KernelProbe.missing().isEmpty() || KernelProbe.missing().get().startsWith("bpf(BPF_PROG_LOAD)"),
                KernelProbe.missing()::toString);
    }
}
