package org.bpf4j.object.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.BpfObjectReader;
import org.bpf4j.object.elf.ProgramSpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The level found in clang 22's objects is the {@code -mcpu} they were built with, for C that uses each level's forms. */
class IsaLevelOfClangObjectsTest {
    private static final Path CLANG_22 = Path.of("/usr/lib/llvm-22/bin/clang");

    /** Signed division (v4), a sign-extended char, int and unsigned comparisons: every level has a use for its forms here. */
    private static final String SOURCE = """
            typedef unsigned long long u64;
            typedef unsigned int u32;
            __attribute__((section("socket"), used))
            int prog(void *ctx) {
                volatile int a = 100, b = -7;
                volatile signed char c = -3;
                volatile u32 x = 17, y = 20;
            #if __BPF_CPU_VERSION__ >= 4
                int q = a / b;          /* clang refuses signed division below v4 */
            #else
                int q = a - b;
            #endif
                long wide = c;
                u64 swapped = __builtin_bswap64((u64) wide);
                if (x < y && a <= b + q) return (int) swapped;
                if ((unsigned) q < 3) return 2;
                if (y > 5 && x < 10) return 3;
                return q;
            }
            char LICENSE[] __attribute__((section("license"), used)) = "GPL";
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(IsaLevel.class)
    void levelOfTheObjectIsItsCpu(IsaLevel cpu) throws IOException {
        Prerequisites.require("clang 22 at " + CLANG_22 + " (apt-get install clang-22)", Files.isExecutable(CLANG_22));
        Path c = dir.resolve("levels.c");
        Files.writeString(c, SOURCE);
        Path o = dir.resolve("levels-" + cpu.cpuName() + ".o");
        ExternalProcess.stdoutOf(CLANG_22.toString(), "-O2", "-target", "bpf", "-mcpu=" + cpu.cpuName(), "-c", c.toString(),
                "-o", o.toString());
        BpfObject object = BpfObjectReader.read(Files.readAllBytes(o));
        List<Insn> code = new ArrayList<>();
        for (ProgramSpec p : object.programs()) code.addAll(p.insns());
        assertEquals(cpu, IsaLevel.required(code).level());
    }
}
