package org.bpf4j.compiler.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpf4j.object.elf.Relocation;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.JmpOp;
import org.bpf4j.object.isa.PseudoSrc;
import org.bpf4j.object.isa.Reg;
import org.bpf4j.object.isa.Width;
import org.junit.jupiter.api.Test;

class AssemblerTest {

    /** {@code n} one-slot instructions that change nothing but r0. */
    private static void pad(Assembler asm, int n) {
        for (int i = 0; i < n; i++) {
            asm.emit(Insn.alu64Imm(AluOp.ADD, Reg.R0, 1));
        }
    }

    @Test
    void forwardAndBackwardLabels() {
        Assembler asm = new Assembler();
        Label top = asm.newLabel("top");
        Label out = asm.newLabel("out");
        asm.emit(Insn.mov64Imm(Reg.R0, 0));                 // 0
        asm.bind(top);
        asm.jmpImm(JmpOp.JGE, Reg.R0, 10, out);             // 1 -> 5
        asm.emit(Insn.ldImm64(Reg.R2, 1L << 40));           // 2-3
        asm.emit(Insn.alu64Imm(AluOp.ADD, Reg.R0, 1));      // 4
        asm.ja(top);                                        // 5 -> 1
        asm.bind(out);
        asm.emit(Insn.exit());                              // 6
        AssembledCode code = asm.finish();
        assertEquals(List.of(
                Insn.mov64Imm(Reg.R0, 0),
                Insn.jmpImm(JmpOp.JGE, Reg.R0, 10, 4),
                Insn.ldImm64(Reg.R2, 1L << 40),
                Insn.alu64Imm(AluOp.ADD, Reg.R0, 1),
                Insn.ja(-5),
                Insn.exit()), code.insns());
        assertEquals(7, code.slots());
        assertArrayEquals(Insn.encode(code.insns()), code.bytes());
    }

    @Test
    void labelAtTheSameSpotAsTheJumpTarget32BitCompares() {
        Assembler asm = new Assembler();
        Label next = asm.newLabel();
        asm.jmp32(JmpOp.JSLT, Reg.R1, Reg.R2, next);
        asm.jmp32Imm(JmpOp.JSET, Reg.R1, 4, next);
        asm.jmp(JmpOp.JNE, Reg.R1, Reg.R2, next);
        asm.bind(next);
        asm.emit(Insn.exit());
        assertEquals(List.of(Insn.jmp32(JmpOp.JSLT, 1, 2, 2), Insn.jmp32Imm(JmpOp.JSET, 1, 4, 1),
                Insn.jmp(JmpOp.JNE, 1, 2, 0), Insn.exit()), asm.finish().insns());
    }

    @Test
    void farUnconditionalJumpBecomesGotol() {
        Assembler asm = new Assembler();
        Label near = asm.newLabel();
        Label far = asm.newLabel();
        asm.ja(far);
        asm.ja(near);
        pad(asm, Short.MAX_VALUE - 1);
        asm.bind(near);                       // slot 32768: offset 32766 from slot 1
        pad(asm, 1);
        asm.bind(far);                        // slot 32769: offset 32768 from slot 0 does not fit
        asm.emit(Insn.exit());
        List<Insn> insns = asm.finish().insns();
        assertEquals(Insn.gotol(32768), insns.get(0));
        assertEquals(Insn.ja(32766), insns.get(1));
    }

    @Test
    void farConditionalJumpIsNegatedOverGotol() {
        Assembler asm = new Assembler();
        Label far = asm.newLabel();
        asm.jmpImm(JmpOp.JSGT, Reg.R1, 5, far);
        pad(asm, 40000);
        asm.bind(far);
        asm.emit(Insn.exit());
        AssembledCode code = asm.finish();
        assertEquals(Insn.jmpImm(JmpOp.JSLE, Reg.R1, 5, 1), code.insns().get(0));
        assertEquals(Insn.gotol(40000), code.insns().get(1));
        assertEquals(40003, code.slots());
    }

    @Test
    void farJsetSkipsAJaToReachGotol() {
        Assembler asm = new Assembler();
        Label far = asm.newLabel();
        asm.bind(far);
        pad(asm, 40000);
        asm.jmp32Imm(JmpOp.JSET, Reg.R1, 8, far);
        asm.emit(Insn.exit());
        List<Insn> insns = asm.finish().insns();
        assertEquals(Insn.jmp32Imm(JmpOp.JSET, Reg.R1, 8, 1), insns.get(40000));
        assertEquals(Insn.ja(1), insns.get(40001));
        assertEquals(Insn.gotol(-40003), insns.get(40002));
        assertEquals(Insn.exit(), insns.get(40003));
    }

    @Test
    void farMayGotoSkipsAJaToReachGotol() {
        Assembler asm = new Assembler();
        Label done = asm.newLabel();
        asm.mayGoto(done);
        pad(asm, 40000);
        asm.bind(done);
        asm.emit(Insn.exit());
        List<Insn> insns = asm.finish().insns();
        assertEquals(List.of(Insn.mayGoto(1), Insn.ja(1), Insn.gotol(40000)), insns.subList(0, 3));
    }

    @Test
    void growingOneJumpPushesAnotherOutOfRange() {
        // A jumps over B to T at exactly the 16-bit limit; B's own target is far, so B grows by
        // one slot and A no longer reaches T either.
        Assembler asm = new Assembler();
        Label t = asm.newLabel("t");
        Label farther = asm.newLabel("farther");
        asm.jmpImm(JmpOp.JEQ, Reg.R1, 0, t);                   // A at 0
        asm.jmpImm(JmpOp.JEQ, Reg.R2, 0, farther);             // B at 1
        pad(asm, Short.MAX_VALUE - 1);
        asm.bind(t);                                           // slot 32768 while B is short: A's offset 32767
        pad(asm, 10);
        asm.bind(farther);
        asm.emit(Insn.exit());
        List<Insn> insns = asm.finish().insns();
        assertEquals(Insn.jmpImm(JmpOp.JNE, Reg.R1, 0, 1), insns.get(0));
        assertEquals(Insn.gotol(32770 - 2), insns.get(1));      // t moved to slot 32770
        assertEquals(Insn.jmpImm(JmpOp.JNE, Reg.R2, 0, 1), insns.get(2));
        assertEquals(Insn.gotol(32780 - 4), insns.get(3));      // farther at 32780
        assertEquals(32770 + 10 + 1, insns.size());
    }

    @Test
    void relocationsAndLinesFollowTheFinalLayout() {
        Assembler asm = new Assembler();
        Label far = asm.newLabel();
        asm.line("Prog.java", 10, 5, "int x = counts.get(k);");
        asm.jmpImm(JmpOp.JEQ, Reg.R1, 0, far);                 // grows to 2 slots
        asm.ldMap(Reg.R1, "counts");                           // slots 2-3
        asm.line("Prog.java", 11, 9, "ignored: no code");
        asm.line("Prog.java", 12, 9, "data[3] = 1;");
        asm.ldMapValue(Reg.R2, ".bss", 24);                     // slots 4-5
        asm.emit(Insn.st(Width.W, Reg.R2, 0, 1));               // 6
        asm.callFunction("helper_fn");                         // 7
        asm.ldFunction(Reg.R3, "callback");                    // 8-9
        pad(asm, 40000);
        asm.bind(far);
        asm.line("Prog.java", 20, 1, "return 0;");
        asm.emit(Insn.exit());
        asm.line("Prog.java", 21, 1, "dropped: nothing follows");
        AssembledCode code = asm.finish();

        assertEquals(List.of(
                new Relocation(16, "counts", Relocation.Kind.MAP),
                new Relocation(32, ".bss", Relocation.Kind.MAP_VALUE),
                new Relocation(56, "helper_fn", Relocation.Kind.CALL),
                new Relocation(64, "callback", Relocation.Kind.FUNC_ADDR)), code.relocations());
        assertEquals(Insn.ldPseudo(PseudoSrc.MAP_FD, Reg.R1, 0, 0), code.insns().get(2));
        assertEquals(Insn.ldPseudo(PseudoSrc.MAP_VALUE, Reg.R2, 24, 0), code.insns().get(3));
        assertEquals(Insn.callLocal(-1), code.insns().get(5));
        assertEquals(Insn.ldPseudo(PseudoSrc.FUNC, Reg.R3, 0, 0), code.insns().get(6));
        assertEquals(List.of(
                new LineRecord(0, "Prog.java", 10, 5, "int x = counts.get(k);"),
                new LineRecord(32, "Prog.java", 12, 9, "data[3] = 1;"),
                new LineRecord(8 * 40010, "Prog.java", 20, 1, "return 0;")), code.lines());
        assertEquals(2, code.relocations().get(0).slot());
    }

    @Test
    void anyJumpInstructionCanTargetALabel() {
        Assembler asm = new Assembler();
        Label end = asm.newLabel();
        asm.jump(Insn.jmp32Imm(JmpOp.JSGE, Reg.R4, -1, 99), end);
        asm.jump(Insn.gotol(12345), end);
        asm.jump(Insn.mayGoto(-3), end);
        asm.bind(end);
        asm.emit(Insn.exit());
        assertEquals(List.of(Insn.jmp32Imm(JmpOp.JSGE, Reg.R4, -1, 2), Insn.ja(1), Insn.mayGoto(0), Insn.exit()),
                asm.finish().insns());
        assertThrows(IllegalArgumentException.class, () -> new Assembler().jump(Insn.exit(), new Assembler().newLabel()));
    }

    @Test
    void localCallsResolveToTheCallee() {
        Assembler asm = new Assembler();
        Label sub = asm.newLabel("sub");
        asm.call(sub);
        asm.emit(Insn.exit());
        asm.bind(sub);
        asm.emit(Insn.mov64Imm(Reg.R0, 7));
        asm.emit(Insn.exit());
        assertEquals(List.of(Insn.callLocal(1), Insn.exit(), Insn.mov64Imm(0, 7), Insn.exit()), asm.finish().insns());
    }

    @Test
    void misuseIsReportedClearly() {
        Assembler asm = new Assembler();
        Label never = asm.newLabel("never");
        asm.ja(never);
        IllegalStateException unbound = assertThrows(IllegalStateException.class, asm::finish);
        assertEquals("label never is jumped to or called but never bound", unbound.getMessage());
        assertThrows(IllegalStateException.class, () -> asm.emit(Insn.exit()), "finished");

        Assembler a = new Assembler();
        Label l = a.newLabel("l");
        a.bind(l);
        assertTrue(assertThrows(IllegalStateException.class, () -> a.bind(l)).getMessage().contains("already bound"));
        Label foreign = new Assembler().newLabel("x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.ja(foreign)).getMessage()
                .contains("belongs to another assembler"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.emit(Insn.ja(3))).getMessage()
                .contains("needs a label"));
        assertThrows(IllegalArgumentException.class, () -> a.emit(Insn.callLocal(3)));
        assertThrows(IllegalArgumentException.class, () -> a.ldMap(Reg.R1, ""));
        assertThrows(IllegalArgumentException.class, () -> a.line("F.java", 0, 1, "x"));
        assertThrows(IllegalArgumentException.class, () -> a.ja(null));
    }
}
