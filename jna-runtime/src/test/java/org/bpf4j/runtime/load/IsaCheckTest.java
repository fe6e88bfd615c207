package org.bpf4j.runtime.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.runtime.BpfUnsupportedException;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.VerifierException;
import org.bpf4j.runtime.probe.IsaProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's ISA check on clang 22 objects: refused with the runtime's own message where the
 * kernel (an injected probe result) runs a lower level than the object needs, loaded where not.
 * The kernel's own refusal shows on a kernel before 6.6 (CI's second kernel), and the probe must agree with it.
 */
@KernelTest
class IsaCheckTest {
    private static final Path CLANG_22 = Path.of("/usr/lib/llvm-22/bin/clang");
    /** Signed division at v4 (clang refuses it below), unsigned below. */
    private static final String SIGNED_DIVISION = """
            __attribute__((section("socket"), used))
            int divides(void *ctx) {
                volatile int a = -100, b = 7;
                if (a > b) return 1;    /* a 32-bit jump at v3 */
                return DIVIDE + 15;
            }
            char LICENSE[] __attribute__((section("license"), used)) = "GPL";
            """;

    @TempDir
    Path dir;

    private ObjectReader.Opened clang(String cpu) throws IOException {
        Prerequisites.require("clang 22 at " + CLANG_22, Files.isExecutable(CLANG_22));
        Path c = dir.resolve("divides.c"), o = dir.resolve("divides-" + cpu + ".o");
        Files.writeString(c, SIGNED_DIVISION.replace("DIVIDE", cpu.equals("v4") ? "a / b" : "(int) ((unsigned) a / b)"));
        ExternalProcess.stdoutOf(CLANG_22.toString(), "-O2", "-g", "-target", "bpf", "-mcpu=" + cpu, "-c", c.toString(), "-o", o.toString());
        return ObjectReader.read(Files.readAllBytes(o));
    }

    private static LoadedObject load(ObjectReader.Opened o, IsaLevel kernel) {
        return ObjectLoader.load("divides", o.object(), o.layout(), Map.of(), Map.of(), () -> Optional.of(kernel));
    }

    @Test
    void theProbesAnswerIsWhatTheKernelLoads() throws IOException {
        ObjectReader.Opened v4 = clang("v4");
        boolean runsV4 = IsaProbe.supported().orElseThrow().includes(IsaLevel.V4);
        if (runsV4) {
            try (LoadedObject loaded = load(v4, IsaLevel.V4)) {   // past the runtime's check: the kernel decides
                assertEquals(1, loaded.programs().size());
            }
        } else {
            VerifierException e = assertThrows(VerifierException.class, () -> load(v4, IsaLevel.V4).close());
            assertTrue(e.getMessage().contains("'divides'"), e.getMessage());
        }
    }

    @Test
    void aV4ObjectOnAV3KernelIsRefusedNamingBothLevels() throws IOException {
        ObjectReader.Opened v4 = clang("v4");
        BpfUnsupportedException e = assertThrows(BpfUnsupportedException.class, () -> load(v4, IsaLevel.V3).close());
        assertEquals("program 'divides' of object 'divides' needs eBPF ISA v4 (signed division or remainder (sdiv, smod), "
                + "instruction " + e.getMessage().replaceAll("(?s).*instruction (\\d+)\\).*", "$1") + "), but this kernel runs ISA v3 "
                + "at most (v4 needs Linux 6.6 or later): recompile it for v3 (bpf4j: -Abpf4j.cpu=v3; clang: -mcpu=v3)",
                e.getMessage());
    }

    @Test
    void aV3ObjectLoadsOnAV3KernelAndIsRefusedOnV2() throws IOException {
        ObjectReader.Opened v3 = clang("v3");
        try (LoadedObject loaded = load(v3, IsaLevel.V3)) {
            assertEquals(1, loaded.programs().size());
        }
        BpfUnsupportedException e = assertThrows(BpfUnsupportedException.class, () -> load(v3, IsaLevel.V2).close());
        assertTrue(e.getMessage().contains("needs eBPF ISA v3 ("), e.getMessage());
        assertTrue(e.getMessage().contains("-Abpf4j.cpu=v2"), e.getMessage());
    }
}
