package org.bpf4j.it.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.object.elf.BpfObjectReader;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.InsnFormat;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stores the verifier sees differently once the compiler combines or shortens them: neighbouring
 * narrow stack stores merged into wider ones (aligned, as the verifier requires of the stack),
 * which must agree with the JVM on every byte read back, and stores of immediates into the
 * context, which the verifier takes from ISA v4's kernels on.
 */
@KernelTest
class StoresKernelTest {
    /** XDP bodies over the fuzzers' map {@code out}: bytes stored one by one, read back at indexes the compiler cannot know. */
    private static final List<List<String>> NARROW_STORES = List.of(
            List.of("byte[] b = new byte[8];",
                    "int x = (int) ctx.u32(0);",
                    "b[4] = (byte) x; b[5] = (byte) (x >>> 8); b[6] = (byte) (x >>> 16); b[7] = (byte) (x >>> 24);",
                    "b[0] = 0x45; b[1] = (byte) 0xf0; b[2] = 7; b[3] = -1;",
                    "out.put(SLOT(0), (long) b[ctx.u8(4) & 7]);",
                    "out.put(SLOT(1), (long) b[(ctx.u8(5) + 3) & 7] * 1000 + b[ctx.u8(6) & 7]);"),
            List.of("byte[] b = new byte[8];",
                    "long y = ctx.u32(2) * 0x1_0000_0001L;",
                    "b[1] = (byte) (y >> 8); b[0] = (byte) y;",                       // out of order, arithmetic shift
                    "b[3] = (byte) (y >> 24); int first = b[ctx.u8(0) & 1]; b[2] = (byte) (y >> 16);",   // a read of other bytes between
                    "b[5] = (byte) (y >>> 8); b[6] = (byte) (y >>> 16);",           // misaligned pair: stays
                    "out.put(SLOT(0), (long) b[ctx.u8(4) & 7] + first);",
                    "out.put(SLOT(1), (long) b[ctx.u8(5) & 7] << 8 | b[(ctx.u8(6) >> 1) & 7] & 0xff);"),
            List.of("short[] s = new short[4];",
                    "int x = (int) ctx.u32(1);",
                    "s[0] = (short) x; s[1] = (short) (x >>> 16); s[2] = 0x1234; s[3] = (short) 0xfedc;",
                    "out.put(SLOT(0), (long) s[ctx.u8(4) & 3] << 16 | s[ctx.u8(3) & 3] & 0xffff);"));

    static Stream<Arguments> narrowStores() {
        return NARROW_STORES.stream().flatMap(body -> FuzzSettings.levels().stream().map(level -> Arguments.of(body, level)));
    }

    @ParameterizedTest
    @MethodSource("narrowStores")
    void combinedStoresAgreeWithTheJvm(List<String> body, IsaLevel level) {
        KnownCompilerBugs.Bug program = KnownCompilerBugs.Bug.body(Finding.Kind.MISMATCH, body, "narrow stores");
        List<Finding> findings = new Differential(FuzzPackets.of(FuzzSettings.DEFAULT_SEED), level).run(List.of(program.program()));
        assertEquals(List.of(), findings.stream().map(Finding::report).toList());
    }

    private static final String REDIRECT = """
            public final class Redirect {
                @BpfProgram(type = ProgramType.CGROUP_CONNECT4)
                static int redirect(SockAddrContext ctx) {
                    if (ctx.userPort == 7) {
                        ctx.userIp4 = 0x7f000001;
                        ctx.userPort = 4242;
                    }
                    return CgroupVerdict.ALLOW;
                }
            }
            """;

    @ParameterizedTest
    @MethodSource("org.bpf4j.it.fuzz.FuzzSettings#levels")
    void immediatesAreStoredIntoTheContextWhereTheVerifierTakesThem(IsaLevel level) {
        InProcessCompiler.Result r = new InProcessCompiler("-Abpf4j.cpu=" + level.cpuName()).compile(Map.of("Redirect", REDIRECT));
        try {
            assertTrue(r.success(), r.diagnostics().toString());
            byte[] elf = r.object("Redirect");
            List<Insn> insns = BpfObjectReader.read(elf).functions().get(0).insns();
            long immediateStores = insns.stream().filter(i -> i.format() == InsnFormat.STORE_IMM).count();
            assertEquals(level.includes(IsaLevel.V4) ? 2 : 0, immediateStores, insns.toString());
            try (LoadedObject loaded = BpfObjectFile.open(elf, "redirect").load()) {
                assertEquals(1, loaded.programs().size());
            }
        } finally {
            r.delete();
        }
    }
}
