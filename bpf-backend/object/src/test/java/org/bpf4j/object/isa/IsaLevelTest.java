package org.bpf4j.object.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsaLevelTest {
    @Test
    void baseInstructionsNeedV1() {
        for (Insn i : List.of(Insn.mov64Imm(0, 1), Insn.alu32(AluOp.ADD, 1, 2), Insn.alu32Imm(AluOp.RSH, 1, 3),
                Insn.alu64(AluOp.DIV, 1, 2), Insn.endian(ByteOrder.BIG_ENDIAN, 1, 32), Insn.jmpImm(JmpOp.JGT, 1, 5, 0),
                Insn.jmp(JmpOp.JSGE, 1, 2, 0), Insn.ja(3), Insn.ldx(Width.H, 1, 2, 0), Insn.st(Width.W, 10, -4, 0),
                Insn.atomic(Width.DW, AtomicOp.ADD, 1, 2, 0), Insn.alu64Imm(AluOp.ARSH, 1, 3), Insn.ldImm64(1, 1L << 40),
                Insn.call(1), Insn.exit())) {
            assertEquals(IsaLevel.V1, IsaLevel.of(i), i.toString());
            assertNull(IsaForm.of(i));
        }
    }

    @Test
    void eachFormNeedsItsLevel() {
        assertEquals(IsaForm.LESS_THAN_JUMPS, IsaForm.of(Insn.jmpImm(JmpOp.JLT, 1, 5, 0)));
        assertEquals(IsaForm.LESS_THAN_JUMPS, IsaForm.of(Insn.jmp(JmpOp.JSLE, 1, 2, 0)));
        assertEquals(IsaForm.JMP32, IsaForm.of(Insn.jmp32Imm(JmpOp.JEQ, 1, 5, 0)));
        assertEquals(IsaForm.JMP32, IsaForm.of(Insn.jmp32(JmpOp.JLT, 1, 2, 0)), "the higher of two forms");
        assertEquals(IsaForm.ALU32_ARSH, IsaForm.of(Insn.alu32Imm(AluOp.ARSH, 1, 3)));
        assertEquals(IsaForm.ATOMICS_BEYOND_ADD, IsaForm.of(Insn.atomic(Width.W, AtomicOp.FETCH_ADD, 1, 2, 0)));
        assertEquals(IsaForm.ATOMICS_BEYOND_ADD, IsaForm.of(Insn.atomic(Width.DW, AtomicOp.CMPXCHG, 1, 2, 0)));
        assertEquals(IsaForm.SIGNED_DIVISION, IsaForm.of(Insn.alu32(AluOp.SDIV, 1, 2)));
        assertEquals(IsaForm.SIGNED_DIVISION, IsaForm.of(Insn.alu64Imm(AluOp.SMOD, 1, 3)));
        assertEquals(IsaForm.SIGN_EXTENDING_MOVE, IsaForm.of(Insn.movsx64(1, 2, 32)));
        assertEquals(IsaForm.SIGN_EXTENDING_MOVE, IsaForm.of(Insn.movsx32(1, 2, 8)));
        assertEquals(IsaForm.SIGN_EXTENDING_LOAD, IsaForm.of(Insn.ldsx(Width.B, 1, 2, 0)));
        assertEquals(IsaForm.BYTE_SWAP, IsaForm.of(Insn.bswap(1, 16)));
        assertEquals(IsaForm.LONG_JUMP, IsaForm.of(Insn.gotol(100_000)));
        assertEquals(IsaForm.ACQUIRE_RELEASE, IsaForm.of(Insn.loadAcquire(Width.W, 1, 2, 0)));
        assertNull(IsaForm.of(Insn.addrSpaceCast(1, 2, false)), "not a level's form");
        assertNull(IsaForm.of(Insn.mayGoto(2)), "not a level's form");
    }

    @Test
    void requirementIsTheHighestWithItsFirstInstruction() {
        List<Insn> code = List.of(Insn.jmpImm(JmpOp.JLT, 1, 5, 0), Insn.movsx64(1, 1, 8), Insn.jmp32Imm(JmpOp.JEQ, 1, 0, 0),
                Insn.alu64(AluOp.SDIV, 1, 2), Insn.exit());
        IsaLevel.Requirement r = IsaLevel.required(code);
        assertEquals(IsaLevel.V4, r.level());
        assertEquals(1, r.index());
        assertEquals("v4 (sign-extending move (movsx), instruction 1)", r.describe());
        assertEquals(new IsaLevel.Requirement(IsaLevel.V1, null, -1), IsaLevel.required(List.of(Insn.exit())));
    }

    @Test
    void eachSignatureNeedsExactlyItsLevel() {
        for (IsaLevel l : IsaLevel.values()) assertEquals(l, IsaLevel.of(l.signature()));
    }

    @Test
    void cpuNames() {
        assertEquals(IsaLevel.V3, IsaLevel.ofCpuName("v3"));
        assertEquals(IsaLevel.V4, IsaLevel.ofCpuName("V4"));
        assertEquals("v2", IsaLevel.V2.cpuName());
        assertThrows(IllegalArgumentException.class, () -> IsaLevel.ofCpuName("v5"));
        assertThrows(IllegalArgumentException.class, () -> IsaLevel.ofCpuName("probe"));
    }
}
