package org.bpf4j.compiler.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.util.List;
import org.bpf4j.compiler.asm.Disassembler.Syntax;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.AtomicOp;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.JmpOp;
import org.bpf4j.object.isa.PseudoSrc;
import org.bpf4j.object.isa.Width;
import org.junit.jupiter.api.Test;

/** Golden texts checked against llvm-objdump 14 and 22 by hand; DisassemblerLlvmTest runs them. */
class DisassemblerTest {
    private final Disassembler llvm14 = new Disassembler();
    private final Disassembler llvm22 = new Disassembler(Syntax.LLVM_22);

    private void check(Insn insn, String text14, String text22) {
        assertEquals(text14, llvm14.format(insn));
        assertEquals(text22, llvm22.format(insn));
    }

    @Test
    void arithmetic() {
        check(Insn.mov32Imm(0, 2), "w0 = 2", "w0 = 0x2");
        check(Insn.alu64Imm(AluOp.ADD, 2, -4), "r2 += -4", "r2 += -0x4");
        check(Insn.alu32(AluOp.ARSH, 1, 2), "w1 s>>= w2", "w1 s>>= w2");
        check(Insn.alu64(AluOp.SMOD, 3, 4), "r3 s%= r4", "r3 s%= r4");
        check(Insn.movsx64(4, 4, 32), "r4 = (s32)r4", "r4 = (s32)r4");
        check(Insn.movsx32(3, 9, 16), "w3 = (s16)w9", "w3 = (s16)w9");
        check(Insn.neg32(3), "w3 = -w3", "w3 = -w3");
        check(Insn.endian(ByteOrder.BIG_ENDIAN, 1, 16), "r1 = be16 r1", "r1 = be16 r1");
        check(Insn.endian(ByteOrder.LITTLE_ENDIAN, 1, 64), "r1 = le64 r1", "r1 = le64 r1");
        check(Insn.bswap(5, 32), "r5 = bswap32 r5", "r5 = bswap32 r5");
        check(Insn.addrSpaceCast(1, 2, false), "r1 = addr_space_cast(r2, 0, 1)", "r1 = addr_space_cast(r2, 0x0, 0x1)");
    }

    @Test
    void memory() {
        check(Insn.ldx(Width.W, 1, 1, 4), "r1 = *(u32 *)(r1 + 4)", "w1 = *(u32 *)(r1 + 0x4)");
        check(Insn.ldx(Width.DW, 1, 10, -8), "r1 = *(u64 *)(r10 - 8)", "r1 = *(u64 *)(r10 - 0x8)");
        check(Insn.ldsx(Width.B, 3, 2, 0), "r3 = *(s8 *)(r2 + 0)", "r3 = *(s8 *)(r2 + 0x0)");
        check(Insn.stx(Width.H, 10, 1, -32768), "*(u16 *)(r10 - 32768) = r1", "*(u16 *)(r10 - 0x8000) = w1");
        check(Insn.st(Width.DW, 6, 0, -1), "*(u64 *)(r6 + 0) = -1", "*(u64 *)(r6 + 0x0) = -0x1");
        check(Insn.ldAbs(Width.B, 14), "r0 = *(u8 *)skb[14]", "r0 = *(u8 *)skb[0xe]");
        check(Insn.ldInd(Width.H, 2, 0), "r0 = *(u16 *)skb[r2]", "r0 = *(u16 *)skb[r2]");
    }

    @Test
    void atomics() {
        check(Insn.atomic(Width.DW, AtomicOp.ADD, 0, 1, 0), "lock *(u64 *)(r0 + 0) += r1", "lock *(u64 *)(r0 + 0x0) += r1");
        check(Insn.atomic(Width.W, AtomicOp.XOR, 3, 4, 4), "lock *(u32 *)(r3 + 4) ^= r4", "lock *(u32 *)(r3 + 0x4) ^= w4");
        check(Insn.atomic(Width.W, AtomicOp.FETCH_ADD, 3, 4, 0),
                "w4 = atomic_fetch_add((u32 *)(r3 + 0), w4)", "w4 = atomic_fetch_add((u32 *)(r3 + 0x0), w4)");
        check(Insn.atomic(Width.DW, AtomicOp.XCHG, 3, 0, -8), "r0 = xchg_64(r3 - 8, r0)", "r0 = xchg_64(r3 - 0x8, r0)");
        check(Insn.atomic(Width.W, AtomicOp.CMPXCHG, 3, 7, 0),
                "w0 = cmpxchg32_32(r3 + 0, w0, w7)", "w0 = cmpxchg32_32(r3 + 0x0, w0, w7)");
        check(Insn.loadAcquire(Width.H, 0, 1, -4),
                "w0 = load_acquire((u16 *)(r1 - 4))", "w0 = load_acquire((u16 *)(r1 - 0x4))");
        check(Insn.storeRelease(Width.DW, 1, 2, 4),
                "store_release((u64 *)(r1 + 4), r2)", "store_release((u64 *)(r1 + 0x4), r2)");
    }

    @Test
    void controlFlow() {
        check(Insn.jmp(JmpOp.JGT, 3, 2, 51), "if r3 > r2 goto +51", "if r3 > r2 goto +0x33");
        check(Insn.jmp32Imm(JmpOp.JNE, 3, 8, -46), "if w3 != 8 goto -46", "if w3 != 0x8 goto -0x2e");
        check(Insn.jmpImm(JmpOp.JSET, 1, 16, 0), "if r1 & 16 goto +0", "if r1 & 0x10 goto +0x0");
        check(Insn.ja(0), "goto +0", "goto +0x0");
        check(Insn.gotol(-100), "gotol -100", "gotol -0x64");
        check(Insn.call(1), "call 1", "call 0x1");
        check(Insn.callLocal(-1), "call -1", "call -0x1");
        check(Insn.exit(), "exit", "exit");
        check(Insn.mayGoto(-5), "may_goto -5", "may_goto -0x5");
    }

    @Test
    void wideImmediates() {
        check(Insn.ldImm64(1, 0), "r1 = 0 ll", "r1 = 0x0 ll");
        check(Insn.ldImm64(1, Long.MIN_VALUE), "r1 = -9223372036854775808 ll", "r1 = -0x8000000000000000 ll");
        check(Insn.ldMapValue(2, 3, 4), "ld_pseudo\tr2, 2, 3", "ld_pseudo\tr2, 0x2, 0x3");
        check(Insn.ldPseudo(PseudoSrc.FUNC, 2, -3, 0), "ld_pseudo\tr2, 4, -3", "ld_pseudo\tr2, 0x4, -0x3");
    }

    @Test
    void listingLooksLikeObjdump() {
        String listing = llvm14.listing(List.of(Insn.mov32Imm(0, 2), Insn.ldImm64(1, 0), Insn.exit()));
        assertEquals("       0:\tb4 00 00 00 02 00 00 00\tw0 = 2\n"
                + "       1:\t18 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00\tr1 = 0 ll\n"
                + "       3:\t95 00 00 00 00 00 00 00\texit\n", listing);
        assertThrows(IllegalArgumentException.class, () -> new Disassembler(null));
    }
}
