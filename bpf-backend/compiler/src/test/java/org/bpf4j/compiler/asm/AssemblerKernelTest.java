package org.bpf4j.compiler.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.BpfObjectWriter;
import org.bpf4j.object.elf.ProgramSpec;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.JmpOp;
import org.bpf4j.object.isa.Reg;
import org.bpf4j.object.isa.Width;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The far-jump rewrites of the assembler pass the kernel verifier and branch where they should:
 * XDP programs longer than the 16-bit jump range are loaded with bpftool (libbpf) and run with
 * BPF_PROG_TEST_RUN.
 */
@KernelTest
class AssemblerKernelTest {
    private static final Path BPFFS = Path.of("/sys/fs/bpf");
    private static final Pattern RETURN_VALUE = Pattern.compile("Return value: (\\d+)");
    /** More than a 16-bit offset reaches. */
    private static final int FAR = 40_000;

    @TempDir
    Path tmp;

    private static String bpftool;

    @BeforeAll
    static void needsBpffsAndBpftool() throws IOException {
        Prerequisites.require("a bpf file system at " + BPFFS + " (mount -t bpf bpf " + BPFFS + ")",
                Files.readString(Path.of("/proc/mounts")).contains(" " + BPFFS + " bpf "));
        bpftool = Prerequisites.requireTool("bpftool").toString();
    }

    /** r5 = the first packet byte; returns 0 from a packet shorter than one byte. */
    private static void loadFirstByte(Assembler asm, Label tooShort) {
        asm.emit(Insn.ldx(Width.W, Reg.R2, Reg.R1, 0));          // data
        asm.emit(Insn.ldx(Width.W, Reg.R3, Reg.R1, 4));          // data_end
        asm.emit(Insn.mov64(Reg.R4, Reg.R2));
        asm.emit(Insn.alu64Imm(AluOp.ADD, Reg.R4, 1));
        asm.jmp(JmpOp.JGT, Reg.R4, Reg.R3, tooShort);
        asm.emit(Insn.ldx(Width.B, Reg.R5, Reg.R2, 0));
    }

    private static void addToR0(Assembler asm, int times, int amount) {
        for (int i = 0; i < times; i++) {
            asm.emit(Insn.alu32Imm(AluOp.ADD, Reg.R0, amount));
        }
    }

    @Test
    void farForwardJumpsTakeTheRightPath() throws IOException {
        Assembler asm = new Assembler();
        Label tooShort = asm.newLabel("too_short");
        Label one = asm.newLabel("one");
        Label flagged = asm.newLabel("flagged");
        Label end = asm.newLabel("end");
        asm.emit(Insn.mov32Imm(Reg.R0, 0));
        loadFirstByte(asm, tooShort);                           // jump over everything: far
        asm.jmpImm(JmpOp.JSET, Reg.R5, 0x80, flagged);          // far JSET: if cond +1; ja +1; gotol
        asm.jmp32Imm(JmpOp.JEQ, Reg.R5, 1, one);                // far: jne +1; gotol
        addToR0(asm, FAR, 1);
        asm.ja(end);                                            // far: gotol
        asm.bind(one);
        asm.emit(Insn.mov32Imm(Reg.R0, 7));
        addToR0(asm, FAR, 2);
        asm.ja(end);
        asm.bind(flagged);
        asm.emit(Insn.mov32Imm(Reg.R0, 3));
        asm.bind(end);
        asm.bind(tooShort);
        asm.emit(Insn.exit());
        AssembledCode code = asm.finish();
        assertTrue(code.insns().stream().filter(i -> i.opcode() == Insn.gotol(0).opcode()).count() >= 4,
                "the program must exercise gotol");

        Path pin = load(code, "far_fwd");
        try {
            assertEquals(FAR, run(pin, 0));
            assertEquals(7 + 2 * FAR, run(pin, 1));
            assertEquals(3, run(pin, 0x81));
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    @Test
    void farBackwardConditionalJumpLoops() throws IOException {
        Assembler asm = new Assembler();
        Label top = asm.newLabel("top");
        asm.emit(Insn.mov32Imm(Reg.R0, 0));
        asm.emit(Insn.mov64Imm(Reg.R6, 0));
        asm.bind(top);
        addToR0(asm, FAR, 1);
        asm.emit(Insn.alu64Imm(AluOp.ADD, Reg.R6, 1));
        asm.jmpImm(JmpOp.JLT, Reg.R6, 3, top);                  // far backward: jge +1; gotol top
        asm.emit(Insn.exit());
        Path pin = load(asm.finish(), "far_back");
        try {
            assertEquals(3 * FAR, run(pin, 0));
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    private Path load(AssembledCode code, String name) throws IOException {
        BpfObject object = BpfObject.of("GPL", List.of(ProgramSpec.of("xdp", name, code.insns(), code.relocations())),
                List.of(), List.of());
        Path file = Files.write(tmp.resolve(name + ".bpf.o"), BpfObjectWriter.write(object));
        Path pin = BPFFS.resolve("bpf4j_isa_" + ProcessHandle.current().pid() + "_" + name);
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
