package org.bpf4j.object.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InsnAccessorsTest {

    @Test
    void jumpsCallsAndExitsAreToldApart() {
        Insn cond = Insn.jmpImm(JmpOp.JEQ, Reg.R1, 0, 3);
        assertTrue(cond.isJump());
        assertTrue(cond.isConditionalJump());
        assertFalse(cond.isUnconditionalJump());
        assertFalse(cond.endsBlock());
        assertEquals(3, cond.jumpOffset());

        Insn gotol = Insn.gotol(70000);
        assertTrue(gotol.isJump() && gotol.isUnconditionalJump() && gotol.endsBlock());
        assertEquals(InsnClass.JMP32, gotol.cls());
        assertEquals(70000, gotol.jumpOffset());
        assertEquals(Insn.gotol(-5), gotol.withJumpOffset(-5));
        assertEquals(Insn.ja(9), Insn.ja(2).withJumpOffset(9));

        Insn call = Insn.call(14);
        assertTrue(call.isCall() && call.isHelperCall());
        assertFalse(call.isJump() || call.isLocalCall() || call.isKfuncCall());
        assertEquals(CallKind.HELPER, call.callKind());
        assertTrue(Insn.callLocal(4).isLocalCall());
        assertEquals(CallKind.KFUNC, Insn.callKfunc(77).callKind());
        assertThrows(IllegalStateException.class, call::jumpOffset);

        Insn mayGoto = Insn.mayGoto(4);
        assertTrue(mayGoto.isJump() && mayGoto.isConditionalJump() && !mayGoto.endsBlock());
        assertEquals(JmpOp.JCOND, mayGoto.jmpOp());
        assertEquals(Insn.mayGoto(-2), mayGoto.withJumpOffset(-2));

        assertTrue(Insn.exit().isExit() && Insn.exit().endsBlock());
        assertFalse(Insn.exit().isJump());
    }

    @Test
    void fieldsAreDecodedIntoTheirEnums() {
        Insn sdiv = Insn.alu64Imm(AluOp.SDIV, Reg.R3, -2);
        assertEquals(AluOp.SDIV, sdiv.aluOp());
        assertEquals(Source.K, sdiv.source());
        assertTrue(sdiv.isAlu() && sdiv.isAlu64());
        assertNull(sdiv.size());
        assertNull(sdiv.jmpOp());
        assertEquals(AluOp.SMOD, Insn.alu32(AluOp.SMOD, 1, 2).aluOp());
        assertEquals(AluOp.MOV, Insn.movsx64(1, 2, 16).aluOp());
        assertTrue(Insn.movsx64(1, 2, 16).isMovsx());
        assertFalse(Insn.mov64(1, 2).isMovsx());
        assertTrue(Insn.addrSpaceCast(1, 2, false).isAddrSpaceCast());
        assertFalse(Insn.addrSpaceCast(1, 2, false).isMovsx());
        assertEquals(AtomicOp.LOAD_ACQ, Insn.loadAcquire(Width.H, 0, 1, 0).atomicOp());
        assertFalse(AtomicOp.STORE_REL.isReadModifyWrite() || AtomicOp.STORE_REL.fetches());

        Insn load = Insn.ldsx(Width.H, Reg.R0, Reg.R10, -2);
        assertTrue(load.isLoad());
        assertEquals(Mode.MEMSX, load.mode());
        assertEquals(Width.H, load.size());
        assertNull(load.aluOp());
        assertNull(load.source());

        Insn xadd = Insn.atomic(Width.W, AtomicOp.FETCH_XOR, Reg.R1, Reg.R2, 4);
        assertTrue(xadd.isAtomic());
        assertFalse(xadd.isStore());
        assertEquals(AtomicOp.FETCH_XOR, xadd.atomicOp());
        assertTrue(xadd.atomicOp().fetches());
        assertTrue(Insn.st(Width.B, Reg.R10, -1, 0).isStore());
        assertTrue(Insn.stx(Width.DW, Reg.R10, Reg.R1, -8).isStore());

        assertEquals(JmpOp.JSLE, Insn.jmp32(JmpOp.JSLE, 1, 2, 0).jmpOp());
        assertEquals(Source.X, Insn.jmp32(JmpOp.JSLE, 1, 2, 0).source());
        assertEquals(PseudoSrc.BTF_ID, Insn.ldPseudo(PseudoSrc.BTF_ID, 1, 99, 0).pseudoSrc());
        assertNull(Insn.mov64(1, 2).pseudoSrc());
    }

    @Test
    void toStringShowsTheFieldsWithAHexOpcode() {
        assertEquals("Insn{opcode 0x95, dst 0, src 0, offset 0, imm 0}", Insn.exit().toString());
    }

    @Test
    void withersKeepTheInstructionValid() {
        Insn insn = Insn.ldx(Width.W, Reg.R1, Reg.R2, 4);
        assertEquals(Insn.ldx(Width.W, Reg.R5, Reg.R6, -4), insn.withDst(5).withSrc(6).withOffset(-4));
        assertEquals(Insn.mov64Imm(1, 9), Insn.mov64Imm(1, 0).withImm(9));
        assertThrows(IllegalArgumentException.class, () -> Insn.mov64Imm(1, 0).withSrc(2));
    }

    @Test
    void conditionsNegateAndSwapConsistently() {
        for (JmpOp op : JmpOp.values()) {
            if (op.hasNegation()) {
                assertEquals(op, op.negate().negate());
                assertTrue(op.negate().isConditional());
                assertEquals(op.swapOperands().negate(), op.negate().swapOperands());
            }
            if (op.isConditional()) {
                assertEquals(op, op.swapOperands().swapOperands());
            }
        }
        assertEquals(JmpOp.JLE, JmpOp.JGT.negate());
        assertEquals(JmpOp.JLT, JmpOp.JGT.swapOperands());
        assertEquals(JmpOp.JSLT, JmpOp.JSGE.negate());
        assertFalse(JmpOp.JSET.hasNegation());
        assertThrows(IllegalStateException.class, JmpOp.JSET::negate);
        assertThrows(IllegalStateException.class, JmpOp.EXIT::swapOperands);
    }

    private static int regs(int... regs) {
        int mask = 0;
        for (int r : regs) {
            mask |= 1 << r;
        }
        return mask;
    }

    private static void assertRegs(Insn insn, int read, int written) {
        assertEquals(read, insn.regsRead(), "read by " + insn);
        assertEquals(written, insn.regsWritten(), "written by " + insn);
    }

    @Test
    void registersReadAndWritten() {
        assertRegs(Insn.mov64Imm(3, 1), 0, regs(3));
        assertRegs(Insn.mov32(3, 4), regs(4), regs(3));
        assertRegs(Insn.movsx64(3, 4, 8), regs(4), regs(3));
        assertRegs(Insn.alu64(AluOp.ADD, 3, 4), regs(3, 4), regs(3));
        assertRegs(Insn.alu32Imm(AluOp.LSH, 3, 4), regs(3), regs(3));
        assertRegs(Insn.neg64(2), regs(2), regs(2));
        assertRegs(Insn.bswap(2, 16), regs(2), regs(2));
        assertRegs(Insn.ldx(Width.W, 1, 10, -4), regs(10), regs(1));
        assertRegs(Insn.st(Width.W, 10, -4, 0), regs(10), 0);
        assertRegs(Insn.stx(Width.W, 10, 1, -4), regs(1, 10), 0);
        assertRegs(Insn.ldImm64(9, 5), 0, regs(9));
        assertRegs(Insn.jmp(JmpOp.JEQ, 1, 2, 0), regs(1, 2), 0);
        assertRegs(Insn.jmp32Imm(JmpOp.JEQ, 1, 2, 0), regs(1), 0);
        assertRegs(Insn.ja(1), 0, 0);
        assertRegs(Insn.mayGoto(1), 0, 0);
        assertRegs(Insn.call(1), regs(1, 2, 3, 4, 5), regs(0, 1, 2, 3, 4, 5));
        assertRegs(Insn.exit(), regs(0), 0);
        assertRegs(Insn.ldAbs(Width.H, 12), regs(6), regs(0, 1, 2, 3, 4, 5));
        assertRegs(Insn.ldInd(Width.H, 7, 12), regs(6, 7), regs(0, 1, 2, 3, 4, 5));
        assertRegs(Insn.atomic(Width.DW, AtomicOp.ADD, 1, 2, 0), regs(1, 2), 0);
        assertRegs(Insn.atomic(Width.DW, AtomicOp.FETCH_OR, 1, 2, 0), regs(1, 2), regs(2));
        assertRegs(Insn.atomic(Width.W, AtomicOp.XCHG, 1, 2, 0), regs(1, 2), regs(2));
        assertRegs(Insn.atomic(Width.DW, AtomicOp.CMPXCHG, 1, 2, 0), regs(0, 1, 2), regs(0));
        assertRegs(Insn.loadAcquire(Width.B, 3, 1, 0), regs(1), regs(3));
        assertRegs(Insn.storeRelease(Width.B, 1, 3, 0), regs(1, 3), 0);
    }

    @Test
    void sizesAndRegisters() {
        assertEquals(Width.H, Width.ofBytes(2));
        assertEquals(64, Width.DW.bits());
        assertThrows(IllegalArgumentException.class, () -> Width.ofBytes(3));
        assertEquals(10, Reg.FP);
        assertThrows(IllegalArgumentException.class, () -> Reg.check(11, "base"));
    }
}
