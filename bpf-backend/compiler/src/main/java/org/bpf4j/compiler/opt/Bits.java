package org.bpf4j.compiler.opt;

import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/** What passes know about the bits of a value. */
final class Bits {
    private Bits() {}

    /** Whether {@code x} is zero above its low {@code bytes} bytes. */
    static boolean onlyLowBytes(Value x, int bytes) {
        if (x.type().size() <= bytes) return true;
        if (!(x instanceof Instruction)) return false;
        Instruction i = (Instruction) x;
        switch (i.op()) {
            case LOAD: return !i.signExtends() && i.size() <= bytes;
            case CTX_LOAD: return i.size() <= bytes;
            case ZEXT: case BSWAP: return i.size() <= bytes;
            default: return false;
        }
    }

    private static final long ALL_32 = 0xFFFF_FFFFL;
    /** How deep {@link #upperBound32} follows operands; phis of loops end there too. */
    private static final int DEPTH = 6;

    /** Whether the I32 {@code x} is never negative, so that sign- and zero-extending it agree. */
    static boolean nonNegative32(Value x) {
        return x.type() == Type.I32 && upperBound32(x, DEPTH) <= Integer.MAX_VALUE;
    }

    /** An upper bound of the I32 {@code v} read as unsigned: narrow loads, masks, shifts, and sums and products that cannot wrap. */
    private static long upperBound32(Value v, int depth) {
        if (v instanceof Constant) return ((Constant) v).value() & ALL_32;
        if (!(v instanceof Instruction) || depth == 0 || v.type() != Type.I32) return ALL_32;
        Instruction i = (Instruction) v;
        switch (i.op()) {
            case LOAD: return !i.signExtends() && i.size() < 4 ? (1L << 8 * i.size()) - 1 : ALL_32;
            case CTX_LOAD: case ZEXT: return i.size() < 4 ? (1L << 8 * i.size()) - 1 : ALL_32;
            case AND: return Math.min(upperBound32(i.operand(0), depth - 1), upperBound32(i.operand(1), depth - 1));
            case OR: case XOR: {
                long m = Math.max(upperBound32(i.operand(0), depth - 1), upperBound32(i.operand(1), depth - 1));
                return m == 0 ? 0 : (Long.highestOneBit(m) << 1) - 1;
            }
            case ASHR: {
                long a = upperBound32(i.operand(0), depth - 1);
                return a <= Integer.MAX_VALUE && i.operand(1) instanceof Constant ? a >> (((Constant) i.operand(1)).value() & 31) : ALL_32;
            }
            case LSHR: return i.operand(1) instanceof Constant ? upperBound32(i.operand(0), depth - 1) >>> (((Constant) i.operand(1)).value() & 31) : ALL_32;
            case SHL: return i.operand(1) instanceof Constant ? noWrap(upperBound32(i.operand(0), depth - 1) << (((Constant) i.operand(1)).value() & 31)) : ALL_32;
            case ADD: return noWrap(upperBound32(i.operand(0), depth - 1) + upperBound32(i.operand(1), depth - 1));
            case MUL: return noWrap(upperBound32(i.operand(0), depth - 1) * upperBound32(i.operand(1), depth - 1));
            case PHI: {
                long m = 0;
                for (Value in : i.operands()) m = Math.max(m, upperBound32(in, depth - 1));
                return m;
            }
            default: return ALL_32;
        }
    }

    /** A bound past 32 bits means the operation may have wrapped: nothing is known. */
    private static long noWrap(long bound) {
        return bound >= 0 && bound <= ALL_32 ? bound : ALL_32;
    }
}
