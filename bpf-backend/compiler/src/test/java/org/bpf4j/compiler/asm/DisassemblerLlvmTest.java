package org.bpf4j.compiler.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.bpf4j.compiler.asm.Disassembler.Syntax;
import org.bpf4j.compiler.asm.LlvmToolchain.ObjdumpLine;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.AtomicOp;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.InsnClass;
import org.bpf4j.object.isa.InsnFormat;
import org.bpf4j.object.isa.JmpOp;
import org.bpf4j.object.isa.Mode;
import org.bpf4j.object.isa.SampleInsns;
import org.bpf4j.object.isa.Width;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares the disassembler with llvm-objdump on clang-built objects and on every opcode.
 * Branch label annotations ({@code <LBB0_3>}) are dropped from objdump's lines: the disassembler
 * prints none.
 */
class DisassemblerLlvmTest {

    @TempDir
    Path tmp;

    @Test
    void referenceProgramsMatchLlvm14Objdump() throws IOException {
        LlvmToolchain llvm = llvm14();
        for (Path source : referencePrograms()) {
            int compared = compare(llvm.disassemble(llvm.compile(source, tmp, "v3")), new Disassembler(Syntax.LLVM_14),
                    source.getFileName().toString());
            assertTrue(compared > 0, "no instructions in " + source);
        }
    }

    @Test
    void referenceProgramsMatchLlvm22Objdump() throws IOException {
        LlvmToolchain llvm = llvm22();
        for (Path source : referencePrograms()) {
            int compared = compare(llvm.disassemble(llvm.compile(source, tmp, "v3")), new Disassembler(Syntax.LLVM_22),
                    source.getFileName().toString());
            assertTrue(compared > 0, "no instructions in " + source);
        }
    }

    private static List<Path> referencePrograms() throws IOException {
        Path referenceDir = findReferencePrograms();
        List<Path> sources;
        try (Stream<Path> files = Files.list(referenceDir)) {
            sources = files.filter(f -> f.getFileName().toString().endsWith(".bpf.c")).sorted().toList();
        }
        assertTrue(sources.size() >= 5, "too few reference programs in " + referenceDir);
        return sources;
    }

    @Test
    void cpuV4ProgramMatchesLlvm22Objdump() throws IOException {
        LlvmToolchain llvm = llvm22();
        Path source = tmp.resolve("v4_ops.bpf.c");
        try (InputStream in = getClass().getResourceAsStream("/isa/v4_ops.bpf.c")) {
            Files.write(source, in.readAllBytes());
        }
        List<ObjdumpLine> lines = llvm.disassemble(llvm.compile(source, tmp, "v4"));
        compare(lines, new Disassembler(Syntax.LLVM_22), "v4_ops.bpf.c");

        List<Insn> insns = new ArrayList<>();
        for (ObjdumpLine line : lines) {
            insns.addAll(Insn.decode(line.bytes()));
        }
        assertContains(insns, "sdiv", i -> i.aluOp() == AluOp.SDIV);
        assertContains(insns, "smod", i -> i.aluOp() == AluOp.SMOD);
        assertContains(insns, "movsx", Insn::isMovsx);
        assertContains(insns, "ldsx", i -> i.mode() == Mode.MEMSX);
        assertContains(insns, "bswap", i -> i.isAlu64() && i.aluOp() == AluOp.END);
        assertContains(insns, "gotol", i -> i.isUnconditionalJump() && i.cls() == InsnClass.JMP32);
        assertContains(insns, "jmp32", i -> i.isConditionalJump() && i.cls() == InsnClass.JMP32);
        assertContains(insns, "jset", i -> i.jmpOp() == JmpOp.JSET);
        assertContains(insns, "st imm", i -> i.format() == InsnFormat.STORE_IMM);
        assertContains(insns, "32-bit fetch", i -> i.atomicOp() == AtomicOp.FETCH_ADD && i.size() == Width.W);
        assertContains(insns, "xchg", i -> i.atomicOp() == AtomicOp.XCHG);
        assertContains(insns, "cmpxchg", i -> i.atomicOp() == AtomicOp.CMPXCHG);
        assertContains(insns, "may_goto", i -> i.jmpOp() == JmpOp.JCOND);
        assertContains(insns, "load_acquire", i -> i.atomicOp() == AtomicOp.LOAD_ACQ);
        assertContains(insns, "store_release", i -> i.atomicOp() == AtomicOp.STORE_REL);
        assertContains(insns, "addr_space_cast", Insn::isAddrSpaceCast);
    }

    @Test
    void everyOpcodeMatchesLlvm22Objdump() throws IOException {
        LlvmToolchain llvm = llvm22();
        List<Insn> samples = SampleInsns.all();
        List<ObjdumpLine> lines = llvm.disassemble(llvm.assemble(samples, tmp));
        assertEquals(samples.size(), lines.size(), "llvm-objdump lines");
        assertEquals(samples.size(), compare(lines, new Disassembler(Syntax.LLVM_22), "every opcode"));
    }

    @Test
    void everyOpcodeLlvm14PrintsFaithfullyMatchesLlvm14Objdump() throws IOException {
        LlvmToolchain llvm = llvm14();
        List<Insn> samples = SampleInsns.all().stream().filter(i -> !llvm14LacksOrMisprints(i)).toList();
        List<ObjdumpLine> lines = llvm.disassemble(llvm.assemble(samples, tmp));
        assertEquals(samples.size(), lines.size(), "llvm-objdump lines");
        assertTrue(samples.size() > 150, "only " + samples.size() + " samples compared");
        assertEquals(samples.size(), compare(lines, new Disassembler(Syntax.LLVM_14), "every opcode"));
    }

    /**
     * Instructions LLVM 14 cannot decode (JSET, MOD, ST, cpu v4, may_goto, load_acquire,
     * store_release, addr_space_cast) or prints without signedness or
     * fetch (SDIV, MOVSX, 32-bit atomics other than add): the disassembler prints current LLVM's form.
     */
    private static boolean llvm14LacksOrMisprints(Insn i) {
        AluOp alu = i.aluOp();
        return i.jmpOp() == JmpOp.JSET
                || alu == AluOp.MOD || alu == AluOp.SMOD || alu == AluOp.SDIV || i.isMovsx()
                || (i.isAlu64() && alu == AluOp.END)
                || i.format() == InsnFormat.STORE_IMM || i.mode() == Mode.MEMSX
                || i.format() == InsnFormat.GOTOL
                || (i.isAtomic() && i.size() != Width.DW && i.atomicOp() != AtomicOp.ADD)
                || (i.isAtomic() && !i.atomicOp().isReadModifyWrite())
                || i.jmpOp() == JmpOp.JCOND || i.isAddrSpaceCast();
    }

    /** clang 22 builds cpu v4 code, which clang 14 cannot. */
    private static LlvmToolchain llvm22() {
        return LlvmToolchain.require(LlvmToolchain.llvm22(),
                "LLVM 22 not found in " + LlvmToolchain.LLVM_22 + " (apt-get install clang-22 llvm-22)");
    }

    private static LlvmToolchain llvm14() {
        LlvmToolchain llvm = LlvmToolchain.require(LlvmToolchain.onPath(), "clang/llvm-objdump not found on PATH");
        if (llvm.major != 14) {
            Prerequisites.skipOrFail("llvm-objdump on PATH is LLVM " + llvm.major + ", the LLVM_14 syntax needs 14");
        }
        return llvm;
    }

    /** Decodes each objdump line's bytes, prints them and compares; returns the number compared. */
    private static int compare(List<ObjdumpLine> lines, Disassembler disassembler, String what) {
        List<String> mismatches = new ArrayList<>();
        for (ObjdumpLine line : lines) {
            List<Insn> insns = Insn.decode(line.bytes());
            assertEquals(1, insns.size(), what + " slot " + line.slot() + ": one instruction per line");
            String ours = disassembler.format(insns.get(0));
            if (!ours.equals(line.text())) {
                mismatches.add(String.format("%s slot %d [%s]%n  llvm-objdump: %s%n  ours:         %s",
                        what, line.slot(), line.hex(), line.text(), ours));
            }
        }
        assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches:\n" + String.join("\n", mismatches));
        return lines.size();
    }

    private static void assertContains(List<Insn> insns, String what, Predicate<Insn> test) {
        assertTrue(insns.stream().anyMatch(test), "the v4 program has no " + what + " instruction");
    }

    /** The project's reference C programs (benchmarks/src/main/c/reference): searched upwards from the working directory. */
    private static Path findReferencePrograms() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("benchmarks/src/main/c/reference");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        Prerequisites.skipOrFail("benchmarks/src/main/c/reference not found above " + Path.of("").toAbsolutePath());
        throw new AssertionError("unreachable");
    }
}
