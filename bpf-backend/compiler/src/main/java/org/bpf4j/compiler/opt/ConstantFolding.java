package org.bpf4j.compiler.opt;

import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/**
 * Constant folding and propagation with Java semantics (int wraps at 32 bits, shift counts masked;
 * division by zero gives BPF's result, as the IR defines), algebraic identities
 * ({@code x+0}, {@code x*1}, {@code x&0}, ...), phis whose inputs agree, and conditional branches
 * whose outcome is known.
 */
public final class ConstantFolding implements Pass {
    @Override
    public boolean run(Function f) {
        boolean changed = false;
        for (Block b : f.reversePostOrder()) {
            for (Instruction i : b.instructions().toArray(new Instruction[0])) {
                if (i.block() == null) continue;
                if (i instanceof Phi) {
                    Value same = sameIncoming((Phi) i);
                    if (same != null) {
                        Edits.replace(f, i, same);
                        changed = true;
                    }
                } else if (i.op() == Op.COND_BR) {
                    Boolean outcome = outcome(i);
                    if (outcome != null) {
                        Edits.branchTo(f, b, i.targets().get(outcome ? 0 : 1));
                        changed = true;
                    } else if (i.targets().get(0) == i.targets().get(1)) {
                        Edits.branchTo(f, b, i.targets().get(0));
                        changed = true;
                    }
                } else if (i.op().isArithmetic() && i.op() != Op.COPY) {
                    Value v = fold(i);
                    if (v != null) {
                        Edits.replace(f, i, v);
                        changed = true;
                    }
                }
            }
        }
        return changed;
    }

    private static Value sameIncoming(Phi p) {
        Value same = null;
        for (Value v : p.operands()) {
            if (v == p) continue;
            if (same == null) same = v;
            else if (!same.equals(v)) return null;
        }
        return same;
    }

    private static Boolean outcome(Instruction br) {
        Value a = br.operand(0), b = br.operand(1);
        if (a == b) return br.cmp().test(0, 0, false);
        if (a instanceof Constant && b instanceof Constant && a.type().isRegisterInteger()) {
            return br.cmp().test(((Constant) a).value(), ((Constant) b).value(), a.type() == Type.I32);
        }
        return null;
    }

    /** The folded value of {@code i}, or null. */
    static Value fold(Instruction i) {
        Type t = i.type();
        Op op = i.op();
        Value a = i.operand(0);
        if (i.operands().size() == 1) {
            if ((op == Op.SEXT || op == Op.ZEXT) && a.type() == t && i.size() == t.size()) return a;
            if (op == Op.BSWAP && a instanceof Instruction && ((Instruction) a).op() == Op.BSWAP
                    && ((Instruction) a).size() == i.size() && Bits.onlyLowBytes(((Instruction) a).operand(0), i.size())
                    && ((Instruction) a).operand(0).type() == t) {
                return ((Instruction) a).operand(0);
            }
            if (!(a instanceof Constant)) return null;
            long x = ((Constant) a).value();
            switch (op) {
                case NEG: return Constant.of(t, -x);
                case SEXT: return Constant.of(t, signExtend(x, i.size()));
                case ZEXT: return Constant.of(t, x & mask(i.size()));
                case TRUNC: return Constant.of(t, x);
                case BSWAP: return Constant.of(t, Long.reverseBytes(x) >>> (64 - 8 * i.size()));
                default: return null;
            }
        }
        Value b = i.operand(1);
        if (a == b) {
            if (op == Op.SUB || op == Op.XOR) return Constant.of(t, 0);
            if (op == Op.AND || op == Op.OR) return a;
        }
        boolean ca = a instanceof Constant, cb = b instanceof Constant;
        if (ca && cb) return Constant.of(t, evaluate(op, ((Constant) a).value(), ((Constant) b).value(), t == Type.I32));
        if (op.isCommutative() && ca) {
            Value s = a;
            a = b;
            b = s;
            cb = true;
        }
        if (!cb) return null;
        long c = ((Constant) b).value();
        int bits = t == Type.I32 ? 32 : 64;
        switch (op) {
            case ADD: case SUB: case OR: case XOR: return c == 0 ? a : null;
            case SHL: case ASHR: case LSHR: return (c & (bits - 1)) == 0 ? a : null;
            case MUL: return c == 1 ? a : c == 0 ? Constant.of(t, 0) : null;
            case SDIV: case UDIV: return c == 1 ? a : c == 0 ? Constant.of(t, 0) : null;   // BPF: x / 0 == 0
            case SREM: case UREM: return c == 0 ? a : null;                                  // BPF: x % 0 == x
            case AND: return Constant.of(t, c).value() == -1 ? a : c == 0 ? Constant.of(t, 0) : null;
            default: return null;
        }
    }

    /**
     * {@code v} as a constant when it is arithmetic over constants (as in {@code 8 + i} with
     * {@code i} a constant of an unrolled loop), before any pass has run; else null.
     */
    public static Constant valueOf(Value v) {
        if (v instanceof Constant c) return c.type().isRegisterInteger() ? c : null;
        if (!(v instanceof Instruction i) || !i.op().isArithmetic() || i.operands().size() != 2 || i.op().ordinal() > Op.LSHR.ordinal()) {
            return null;
        }
        Constant a = valueOf(i.operand(0)), b = valueOf(i.operand(1));
        return a == null || b == null ? null : Constant.of(i.type(), evaluate(i.op(), a.value(), b.value(), i.type() == Type.I32));
    }

    static long evaluate(Op op, long a, long b, boolean is32) {
        if (is32) {
            int x = (int) a, y = (int) b;
            switch (op) {
                case ADD: return x + y;
                case SUB: return x - y;
                case MUL: return x * y;
                case SDIV: return y == 0 ? 0 : (x == Integer.MIN_VALUE && y == -1) ? x : x / y;
                case UDIV: return y == 0 ? 0 : Integer.divideUnsigned(x, y);
                case SREM: return y == 0 ? x : (y == -1 ? 0 : x % y);
                case UREM: return y == 0 ? x : Integer.remainderUnsigned(x, y);
                case AND: return x & y;
                case OR: return x | y;
                case XOR: return x ^ y;
                case SHL: return x << y;
                case ASHR: return x >> y;
                case LSHR: return x >>> y;
                default: throw new IllegalArgumentException(op + " is not binary arithmetic");
            }
        }
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case SDIV: return b == 0 ? 0 : (a == Long.MIN_VALUE && b == -1) ? a : a / b;
            case UDIV: return b == 0 ? 0 : Long.divideUnsigned(a, b);
            case SREM: return b == 0 ? a : (b == -1 ? 0 : a % b);
            case UREM: return b == 0 ? a : Long.remainderUnsigned(a, b);
            case AND: return a & b;
            case OR: return a | b;
            case XOR: return a ^ b;
            case SHL: return a << b;
            case ASHR: return a >> b;
            case LSHR: return a >>> b;
            default: throw new IllegalArgumentException(op + " is not binary arithmetic");
        }
    }

    static long signExtend(long x, int bytes) {
        int shift = 64 - 8 * bytes;
        return (x << shift) >> shift;
    }

    static long mask(int bytes) {
        return bytes >= 8 ? -1L : (1L << (8 * bytes)) - 1;
    }
}
