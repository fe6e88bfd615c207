package org.bpf4j.compiler.emit;

import java.util.function.Consumer;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.mir.MInsn;
import org.bpf4j.compiler.regalloc.MRegs;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.IsaLevel;

/**
 * Sequences for the operations a target level lacks a single instruction for: sign extension
 * by shifts below v4 (no MOVSX/LDSX), Java's signed division and remainder by unsigned division
 * of the magnitudes below v4 (no SDIV/SMOD), and the 32-bit arithmetic shift by 64-bit shifts
 * below v3 (ALU32 ARSH came with it). Every sequence keeps the selector's invariant that
 * 32-bit results are zero-extended in their registers.
 */
final class LevelExpansions {
    private final MFunction mf;
    private final IsaLevel level;
    private final Consumer<MInsn> out;

    LevelExpansions(MFunction mf, IsaLevel level, Consumer<MInsn> out) {
        this.mf = mf;
        this.level = level;
        this.out = out;
    }

    /**
     * Sign-extends the low {@code bits} of {@code d} in place: to 64 bits when {@code to64},
     * else to 32 bits with the upper half zero.
     */
    void signExtend(int d, int bits, boolean to64) {
        if (level.includes(IsaLevel.V4)) {
            emit(to64 ? Insn.movsx64(0, 0, bits) : Insn.movsx32(0, 0, bits), d, d);
        } else if (!to64 && level.includes(IsaLevel.V3)) {
            alu(false, AluOp.LSH, d, 32 - bits);
            alu(false, AluOp.ARSH, d, 32 - bits);
        } else {
            alu(true, AluOp.LSH, d, 64 - bits);
            alu(true, AluOp.ARSH, d, 64 - bits);
            if (!to64) emit(Insn.mov32(0, 0), d, d);
        }
    }

    /** {@code d >>= count} (arithmetic, 32 bits) without ALU32 ARSH: on the value sign-extended to 64 bits. */
    void arithmeticShift32(int d, Integer immediateCount, int countReg) {
        alu(true, AluOp.LSH, d, 32);
        if (immediateCount != null) {
            alu(true, AluOp.ARSH, d, 32 + (immediateCount & 31));
        } else {
            alu(true, AluOp.ARSH, d, 32);
            int c = copy32(countReg);
            alu(false, AluOp.AND, c, 31);   // Java masks int shift counts with 31, a 64-bit shift with 63
            emit(Insn.alu64(AluOp.ARSH, 0, 0), d, c);
        }
        emit(Insn.mov32(0, 0), d, d);
    }

    /**
     * {@code d = d / divisor} or {@code d % divisor} with Java's truncation toward zero: the
     * magnitudes divided unsigned, the sign put back. MIN_VALUE / -1 wraps to MIN_VALUE, and a
     * zero divisor gives what BPF gives (quotient 0, remainder the dividend), as the IR defines.
     * {@code constantDivisor} is used when not null and its magnitude fits the immediate.
     */
    void signedDivide(int d, boolean is32, boolean remainder, Long constantDivisor, int divisorReg) {
        AluOp op = remainder ? AluOp.MOD : AluOp.DIV;
        int sign = signOf(d, is32);
        magnitude(d, sign, is32);
        long c = constantDivisor == null ? 0 : constantDivisor;
        boolean immediate = constantDivisor != null && c != 0 && (is32 || Math.abs(c) <= Integer.MAX_VALUE);
        if (immediate) {
            // an ALU32 immediate is taken as its 32 bits: |MIN_VALUE| is 0x80000000, as wanted
            alu(!is32, op, d, (int) Math.abs(c));
            if (!remainder && c < 0) alu(!is32, AluOp.XOR, sign, -1);
        } else {
            int divisorSign = signOf(divisorReg, is32);
            int m = is32 ? copy32(divisorReg) : copy64(divisorReg);
            magnitude(m, divisorSign, is32);
            emit(is32 ? Insn.alu32(op, 0, 0) : Insn.alu64(op, 0, 0), d, m);
            if (!remainder) emit(is32 ? Insn.alu32(AluOp.XOR, 0, 0) : Insn.alu64(AluOp.XOR, 0, 0), sign, divisorSign);
        }
        magnitude(d, sign, is32);   // (x ^ s) - s negates x where s is -1
    }

    /** A new register holding -1 where {@code r} is negative, else 0 (its low 32 bits for {@code is32}). */
    private int signOf(int r, boolean is32) {
        if (!is32) {
            int s = copy64(r);
            alu(true, AluOp.ARSH, s, 63);
            return s;
        }
        if (level.includes(IsaLevel.V3)) {
            int s = copy32(r);
            alu(false, AluOp.ARSH, s, 31);
            return s;
        }
        int s = copy64(r);
        alu(true, AluOp.LSH, s, 32);
        alu(true, AluOp.ARSH, s, 63);
        return s;
    }

    /** {@code x = (x ^ s) - s}: |x| where s is x's sign, or -x where s is -1 and x a magnitude. */
    private void magnitude(int x, int sign, boolean is32) {
        emit(is32 ? Insn.alu32(AluOp.XOR, 0, 0) : Insn.alu64(AluOp.XOR, 0, 0), x, sign);
        emit(is32 ? Insn.alu32(AluOp.SUB, 0, 0) : Insn.alu64(AluOp.SUB, 0, 0), x, sign);
    }

    private int copy32(int r) {
        int t = mf.newVreg();
        emit(Insn.mov32(0, 0), t, r);
        return t;
    }

    private int copy64(int r) {
        int t = mf.newVreg();
        out.accept(MInsn.copy(t, r));
        return t;
    }

    private void alu(boolean is64, AluOp op, int d, int imm) {
        emit(is64 ? Insn.alu64Imm(op, 0, imm) : Insn.alu32Imm(op, 0, imm), d, MRegs.NONE);
    }

    private void emit(Insn template, int dst, int src) {
        out.accept(MInsn.of(template, dst, src));
    }
}
