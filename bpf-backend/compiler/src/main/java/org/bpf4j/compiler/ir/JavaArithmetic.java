package org.bpf4j.compiler.ir;

/**
 * Java's integer arithmetic, the one definition the compiler folds with and the front end
 * evaluates constant expressions with: {@code int} wraps at 32 bits and {@code long} at 64,
 * shift counts are masked with 31 or 63. Division and remainder by zero give what the IR
 * defines after BPF (quotient 0, remainder the dividend); Java code never gets there, since the
 * front end checks divisors.
 */
public final class JavaArithmetic {
    private JavaArithmetic() {
    }

    /** {@code a op b} for a binary arithmetic {@code op}: on ints when {@code is32} (the result sign-extended), else on longs. */
    public static long evaluate(Op op, long a, long b, boolean is32) {
        if (!op.isBinaryArithmetic()) throw new IllegalArgumentException(op + " is not binary arithmetic");
        return is32 ? int32(op, (int) a, (int) b) : int64(op, a, b);
    }

    private static int int32(Op op, int a, int b) {
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case SDIV: return b == 0 ? 0 : a / b;
            case UDIV: return b == 0 ? 0 : Integer.divideUnsigned(a, b);
            case SREM: return b == 0 ? a : a % b;
            case UREM: return b == 0 ? a : Integer.remainderUnsigned(a, b);
            case AND: return a & b;
            case OR: return a | b;
            case XOR: return a ^ b;
            case SHL: return a << b;
            case ASHR: return a >> b;
            default: return a >>> b;
        }
    }

    private static long int64(Op op, long a, long b) {
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case SDIV: return b == 0 ? 0 : a / b;
            case UDIV: return b == 0 ? 0 : Long.divideUnsigned(a, b);
            case SREM: return b == 0 ? a : a % b;
            case UREM: return b == 0 ? a : Long.remainderUnsigned(a, b);
            case AND: return a & b;
            case OR: return a | b;
            case XOR: return a ^ b;
            case SHL: return a << b;
            case ASHR: return a >> b;
            default: return a >>> b;
        }
    }

    /** The low {@code bytes} (1, 2, 4, 8) of {@code x} sign-extended: Java's narrowing to byte, short, int. */
    public static long signExtend(long x, int bytes) {
        int shift = 64 - 8 * bytes;
        return (x << shift) >> shift;
    }

    /** The low {@code bytes} (1, 2, 4, 8) of {@code x} zero-extended: Java's narrowing to char, or an unsigned widening. */
    public static long zeroExtend(long x, int bytes) {
        return x & mask(bytes);
    }

    /** Ones in the low {@code bytes} bytes (8 or more: all 64 bits). */
    public static long mask(int bytes) {
        return bytes >= 8 ? -1L : (1L << (8 * bytes)) - 1;
    }
}
