package org.bpf4j.compiler.ir;

/** Comparison of a conditional branch; the width (32 or 64 bit) follows the operand type. */
public enum Cmp {
    EQ, NE, SLT, SLE, SGT, SGE, ULT, ULE, UGT, UGE;

    /** The comparison that is true exactly when this one is false. */
    public Cmp negate() {
        switch (this) {
            case EQ: return NE;
            case NE: return EQ;
            case SLT: return SGE;
            case SLE: return SGT;
            case SGT: return SLE;
            case SGE: return SLT;
            case ULT: return UGE;
            case ULE: return UGT;
            case UGT: return ULE;
            default: return ULT;
        }
    }

    /** The comparison with operands exchanged: {@code a < b} is {@code b > a}. */
    public Cmp swap() {
        switch (this) {
            case SLT: return SGT;
            case SLE: return SGE;
            case SGT: return SLT;
            case SGE: return SLE;
            case ULT: return UGT;
            case ULE: return UGE;
            case UGT: return ULT;
            case UGE: return ULE;
            default: return this;
        }
    }

    /** Evaluates the comparison on two values of the given width (32 or 64 bits). */
    public boolean test(long a, long b, boolean is32) {
        if (is32) {
            a = (int) a;
            b = (int) b;
        }
        long ua = is32 ? a & 0xFFFF_FFFFL : a;
        long ub = is32 ? b & 0xFFFF_FFFFL : b;
        switch (this) {
            case EQ: return a == b;
            case NE: return a != b;
            case SLT: return a < b;
            case SLE: return a <= b;
            case SGT: return a > b;
            case SGE: return a >= b;
            case ULT: return Long.compareUnsigned(ua, ub) < 0;
            case ULE: return Long.compareUnsigned(ua, ub) <= 0;
            case UGT: return Long.compareUnsigned(ua, ub) > 0;
            default: return Long.compareUnsigned(ua, ub) >= 0;
        }
    }
}
