package org.bpf4j.compiler.opt;

import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.JavaArithmetic;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/**
 * Constant folding and propagation with Java semantics ({@link JavaArithmetic}: int wraps at 32
 * bits, shift counts masked; division by zero gives BPF's result, as the IR defines), algebraic identities
 * ({@code x+0}, {@code x*1}, {@code x&0}, ...), phis whose inputs agree, conditional branches
 * whose outcome is known, and tests of a shifted value against zero turned into range tests.
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
                    } else {
                        changed |= shiftTestToRange(i);
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

    /**
     * {@code x >>> c == 0} (or {@code >>}, or {@code !=}) as {@code x <u 1 << c} ({@code >=u}): a
     * compare with an immediate instead of a shift of a copy. Only where {@code 1 << c} is an
     * immediate of the compare's width (c at most 30 for 64 bits, whose immediates sign-extend).
     */
    private static boolean shiftTestToRange(Instruction br) {
        if (!(br.operand(1) instanceof Constant zero && zero.value() == 0) || br.cmp() != Cmp.EQ && br.cmp() != Cmp.NE
                || !(br.operand(0) instanceof Instruction shift) || shift.op() != Op.LSHR && shift.op() != Op.ASHR
                || !(shift.operand(1) instanceof Constant count)) {
            return false;
        }
        boolean is32 = shift.type() == Type.I32;
        long c = count.value() & (is32 ? 31 : 63);
        if (c == 0 || c > (is32 ? 31 : 30)) return false;
        br.setOperand(0, shift.operand(0));
        br.setOperand(1, Constant.of(shift.type(), 1L << c));
        br.setCmp(br.cmp() == Cmp.EQ ? Cmp.ULT : Cmp.UGE);
        return true;
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
                case NEG: return Constant.of(t, JavaArithmetic.evaluate(Op.SUB, 0, x, t == Type.I32));
                case SEXT: return Constant.of(t, JavaArithmetic.signExtend(x, i.size()));
                case ZEXT: return Constant.of(t, JavaArithmetic.zeroExtend(x, i.size()));
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
        if (ca && cb) return Constant.of(t, JavaArithmetic.evaluate(op, ((Constant) a).value(), ((Constant) b).value(), t == Type.I32));
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
        if (!(v instanceof Instruction i) || !i.op().isBinaryArithmetic()) return null;
        Constant a = valueOf(i.operand(0)), b = valueOf(i.operand(1));
        return a == null || b == null ? null : Constant.of(i.type(), JavaArithmetic.evaluate(i.op(), a.value(), b.value(), i.type() == Type.I32));
    }
}
