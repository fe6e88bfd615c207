package org.bpf4j.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.compiler.asm.AssembledCode;
import org.bpf4j.compiler.asm.Disassembler;
import org.bpf4j.compiler.mir.MBlock;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.mir.MInsn;
import org.bpf4j.compiler.regalloc.MRegs;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.BpfObjectWriter;
import org.bpf4j.object.elf.ProgramSpec;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.object.isa.JmpOp;
import org.bpf4j.object.isa.Reg;
import org.bpf4j.object.isa.Width;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The peephole's rewrites of allocated machine code, on XDP programs written in machine
 * instructions as the allocator leaves them: the listing after {@link Peephole}, then the kernel
 * verifier loads it (bpftool) and BPF_PROG_TEST_RUN checks the return value on every path.
 */
@KernelTest
class PeepholeKernelTest {
    private static final Path BPFFS = Path.of("/sys/fs/bpf");
    private static final Pattern RETURN_VALUE = Pattern.compile("Return value: (\\d+)");
    private static final int NONE = MRegs.NONE;

    @TempDir
    Path tmp;

    private static String bpftool;

    @BeforeAll
    static void needsBpffsAndBpftool() throws IOException {
        Prerequisites.require("a bpf file system at " + BPFFS + " (mount -t bpf bpf " + BPFFS + ")",
                Files.readString(Path.of("/proc/mounts")).contains(" " + BPFFS + " bpf "));
        bpftool = Prerequisites.requireTool("bpftool").toString();
    }

    /** r2 = data, r5 = the first packet byte, through r0 as the allocator may use it; jumps to {@code tooShort} first. */
    private static void firstByteViaR0(MBlock b, MBlock tooShort) {
        b.add(MInsn.of(Insn.ldx(Width.W, 0, 0, 0), Reg.R2, Reg.R1));
        b.add(MInsn.of(Insn.ldx(Width.W, 0, 0, 4), Reg.R3, Reg.R1));
        b.add(MInsn.copy(Reg.R0, Reg.R2));
        b.add(MInsn.of(Insn.alu64Imm(AluOp.ADD, 0, 1), Reg.R0, NONE));
        b.add(MInsn.jump(Insn.jmp(JmpOp.JGT, 0, 0, 0), Reg.R0, Reg.R3, tooShort));
        b.add(MInsn.of(Insn.ldx(Width.B, 0, 0, 0), Reg.R0, Reg.R2));
    }

    private static MInsn set(int k) { return MInsn.of(Insn.mov32Imm(0, k), Reg.R0, NONE); }

    private static MInsn exit() { return MInsn.of(Insn.exit(), NONE, NONE); }

    /** Returns 2 (XDP_PASS) from three places, the first byte otherwise; r0 also holds the packet byte. */
    private static MFunction threePasses(boolean callBetween) {
        MFunction f = new MFunction("three_passes");
        MBlock entry = f.newBlock("entry");
        MBlock rest = f.newBlock("rest");
        MBlock other = f.newBlock("other");
        MBlock pass = f.newBlock("pass");
        firstByteViaR0(entry, pass);
        entry.add(MInsn.jump(Insn.jmp32Imm(JmpOp.JEQ, 0, 7, 0), Reg.R0, NONE, pass));
        entry.add(MInsn.copy(Reg.R6, Reg.R0));
        if (callBetween) entry.add(MInsn.helperCall(5, 0));   // bpf_ktime_get_ns: clobbers r0
        rest.add(MInsn.jump(Insn.jmp32Imm(JmpOp.JEQ, 0, 9, 0), Reg.R6, NONE, pass));
        other.add(MInsn.copy(Reg.R0, Reg.R6));
        other.add(MInsn.of(Insn.alu32Imm(AluOp.ADD, 0, 10), Reg.R0, NONE));
        other.add(exit());
        pass.add(set(2));
        pass.add(exit());
        return f;
    }

    @Test
    void earlyReturnsOfOneConstantShareAnExit() throws IOException {
        List<String> code = lines(threePasses(false));
        assertEquals(List.of(
                "r2 = *(u32 *)(r1 + 0)", "r3 = *(u32 *)(r1 + 4)",
                "w0 = 2",                                          // hoisted: the three jumps find K in r0
                "r1 = r2", "r1 += 1", "if r1 > r3 goto +6",       // the allocator's r0 moved to a free register
                "r1 = *(u8 *)(r2 + 0)", "if w1 == 7 goto +4",
                "r6 = r1", "if w6 == 9 goto +2",
                "r0 = r6", "w0 += 10", "exit"), code);
        Path pin = load(threePasses(false), "share_ret");
        try {
            assertEquals(2, run(pin, 7));
            assertEquals(2, run(pin, 9));
            assertEquals(11, run(pin, 1));
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    @Test
    void aCallBetweenTheReturnsKeepsTheirBlock() throws IOException {
        List<String> code = lines(threePasses(true));
        assertEquals(List.of("w0 = 2", "exit"), code.subList(code.size() - 2, code.size()), code.toString());
        Path pin = load(threePasses(true), "share_ret_call");
        try {
            assertEquals(2, run(pin, 7));
            assertEquals(2, run(pin, 9));
            assertEquals(11, run(pin, 1));
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    /** (10 + b) * 3 or, when the first byte b is 1, (20 + b) * 3: two blocks with one tail. */
    private static MFunction twoTails() {
        MFunction f = new MFunction("two_tails");
        MBlock entry = f.newBlock("entry");
        MBlock ten = f.newBlock("ten");
        MBlock twenty = f.newBlock("twenty");
        MBlock tooShort = f.newBlock("too_short");
        entry.add(MInsn.of(Insn.ldx(Width.W, 0, 0, 0), Reg.R2, Reg.R1));
        entry.add(MInsn.of(Insn.ldx(Width.W, 0, 0, 4), Reg.R3, Reg.R1));
        entry.add(MInsn.copy(Reg.R4, Reg.R2));
        entry.add(MInsn.of(Insn.alu64Imm(AluOp.ADD, 0, 1), Reg.R4, NONE));
        entry.add(MInsn.jump(Insn.jmp(JmpOp.JGT, 0, 0, 0), Reg.R4, Reg.R3, tooShort));
        entry.add(MInsn.of(Insn.ldx(Width.B, 0, 0, 0), Reg.R5, Reg.R2));
        entry.add(MInsn.jump(Insn.jmp32Imm(JmpOp.JEQ, 0, 1, 0), Reg.R5, NONE, twenty));
        for (MBlock b : List.of(ten, twenty)) {
            b.add(set(b == ten ? 10 : 20));
            b.add(MInsn.of(Insn.alu32(AluOp.ADD, 0, 0), Reg.R0, Reg.R5));
            b.add(MInsn.of(Insn.alu32Imm(AluOp.MUL, 0, 3), Reg.R0, NONE));
            b.add(exit());
        }
        tooShort.add(set(0));
        tooShort.add(exit());
        return f;
    }

    @Test
    void blocksWithOneTailShareIt() throws IOException {
        List<String> code = lines(twoTails());
        assertEquals(List.of(
                "r2 = *(u32 *)(r1 + 0)", "r3 = *(u32 *)(r1 + 4)", "r4 = r2", "r4 += 1",
                "w0 = 0", "if r4 > r3 goto +5",                    // the return of 0 shares the tail's exit
                "r5 = *(u8 *)(r2 + 0)", "if w5 == 1 goto +4",
                "w0 = 10", "w0 += w5", "w0 *= 3", "exit",
                "w0 = 20", "goto -5"), code);                      // into the other block's tail
        Path pin = load(twoTails(), "two_tails");
        try {
            assertEquals(30, run(pin, 0));
            assertEquals(63, run(pin, 1));
            assertEquals(36, run(pin, 2));
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    /**
     * The first packet byte + 5, or 2 when the packet is empty; the context moved to r0 to load
     * data into r1, in the entry or in a prologue falling through into it.
     */
    private static MFunction contextMovedAside(boolean inPrologue) {
        MFunction f = new MFunction("context_aside");
        MBlock prologue = inPrologue ? f.newBlock("prologue") : null;
        MBlock entry = f.newBlock("entry");
        MBlock tooShort = f.newBlock("too_short");
        (inPrologue ? prologue : entry).add(MInsn.copy(Reg.R0, Reg.R1));
        entry.add(MInsn.of(Insn.ldx(Width.W, 0, 0, 0), Reg.R1, Reg.R0));
        entry.add(MInsn.of(Insn.ldx(Width.W, 0, 0, 4), Reg.R5, Reg.R0));
        entry.add(MInsn.copy(Reg.R0, Reg.R1));
        entry.add(MInsn.of(Insn.alu64Imm(AluOp.ADD, 0, 1), Reg.R0, NONE));
        entry.add(MInsn.jump(Insn.jmp(JmpOp.JGT, 0, 0, 0), Reg.R0, Reg.R5, tooShort));
        entry.add(MInsn.of(Insn.ldx(Width.B, 0, 0, 0), Reg.R0, Reg.R1));
        entry.add(MInsn.of(Insn.alu32Imm(AluOp.ADD, 0, 5), Reg.R0, NONE));
        entry.add(exit());
        tooShort.add(set(2));
        tooShort.add(exit());
        return f;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void loadsThroughACopyOfTheContextReadTheContext(boolean inPrologue) throws IOException {
        List<String> code = lines(contextMovedAside(inPrologue));
        assertEquals(List.of(
                "r5 = *(u32 *)(r1 + 4)", "r1 = *(u32 *)(r1 + 0)",   // the load overwriting r1 last, the copy gone
                "w0 = 2", "r2 = r1", "r2 += 1", "if r2 > r5 goto +2",
                "r0 = *(u8 *)(r1 + 0)", "w0 += 5", "exit"), code);
        Path pin = load(contextMovedAside(inPrologue), "context_aside");
        try {
            assertEquals(5, run(pin, 0));
            assertEquals(12, run(pin, 7));
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    private static AssembledCode assemble(MFunction f) {
        Peephole.run(f, IsaLevel.V3);
        return CodeEmitter.assemble(f, name -> null, null);
    }

    private static List<String> lines(MFunction f) {
        Disassembler d = new Disassembler();
        List<String> out = new ArrayList<>();
        for (Insn i : assemble(f).insns()) out.add(d.format(i));
        return out;
    }

    private Path load(MFunction f, String name) throws IOException {
        AssembledCode code = assemble(f);
        BpfObject object = BpfObject.of("GPL", List.of(ProgramSpec.of("xdp", name, code.insns(), code.relocations())),
                List.of(), List.of());
        Path file = Files.write(tmp.resolve(name + ".bpf.o"), BpfObjectWriter.write(object));
        Path pin = BPFFS.resolve("bpf4j_peephole_" + ProcessHandle.current().pid() + "_" + name);
        ExternalProcess.stdoutOf(bpftool, "prog", "load", file.toString(), pin.toString());
        return pin;
    }

    /** Runs the program once on a 64-byte packet whose first byte is {@code firstByte}. */
    private int run(Path pin, int firstByte) throws IOException {
        byte[] packet = new byte[64];
        packet[0] = (byte) firstByte;
        Path data = Files.write(tmp.resolve("packet.bin"), packet);
        String out = ExternalProcess.stdoutOf(bpftool, "prog", "run", "pinned", pin.toString(), "data_in", data.toString());
        Matcher m = RETURN_VALUE.matcher(out);
        assertTrue(m.find(), "bpftool prog run printed no return value:\n" + out);
        return Integer.parseInt(m.group(1));
    }
}
