package org.bpf4j.compiler.testing;

import org.bpf4j.compiler.ir.Op;

/**
 * The oracle of the arithmetic tests: an IR binary operation computed with Java's own operators
 * (division by zero as the IR defines it, after BPF: quotient 0, remainder the dividend).
 */
public final class JavaArithmetic {
    private JavaArithmetic() {
    }

    /** {@code a op b} on ints ({@code is32}, the result sign-extended) or on longs. */
    public static long evaluate(Op op, long a, long b, boolean is32) {
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
            case LSHR: return a >>> b;
            default: throw new IllegalArgumentException(op + " is not a binary arithmetic operation");
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
            case LSHR: return a >>> b;
            default: throw new IllegalArgumentException(op + " is not a binary arithmetic operation");
        }
    }
}
