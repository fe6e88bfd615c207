package org.bpf4j.compiler.opt;

import java.util.Map;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.JavaArithmetic;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/**
 * Narrows 64-bit work whose upper half nobody observes to ALU32 ({@code w} registers):
 * {@code (int)(a op b)} becomes {@code (int)a op (int)b} for wrap-around operations,
 * {@code (int)(long)x} is {@code x}, stores of at most 4 bytes take the narrow value, compares
 * of two widened ints compare the ints, {@code (int)} of a context word is an int context load,
 * an int phi of truncated longs that only narrow stores read joins the longs.
 * Also folds masks and extensions into loads: {@code b & 0xFF} of a sign-extending byte load is
 * a zero-extending load.
 */
public final class Alu32Narrowing implements Pass {
    @Override
    public boolean run(Function f) {
        boolean changed = false;
        Map<Value, Integer> uses = f.useCounts();
        for (Instruction i : f.instructions()) {
            if (i.block() == null) continue;
            switch (i.op()) {
                case TRUNC: changed |= narrowTrunc(f, i, uses); break;
                case STORE: changed |= narrowStore(i); break;
                case COND_BR: changed |= narrowCompare(i); break;
                case AND: case ZEXT: changed |= foldIntoLoad(f, i, uses); break;
                case LOAD: changed |= dropUnobservedSignExtension(f, i); break;
                case PHI: changed |= widenTruncatingPhi(f, (Phi) i); break;
                default: break;
            }
        }
        return changed;
    }

    private static boolean narrowTrunc(Function f, Instruction t, Map<Value, Integer> uses) {
        Value x = t.operand(0);
        if (!(x instanceof Instruction)) return false;
        Instruction d = (Instruction) x;
        if ((d.op() == Op.ZEXT || d.op() == Op.SEXT) && d.size() == 4 && d.operand(0).type() == Type.I32) {
            Edits.replace(f, t, d.operand(0));
            return true;
        }
        if (uses.getOrDefault(d, 0) != 1) return false;
        boolean wraps = d.op() == Op.ADD || d.op() == Op.SUB || d.op() == Op.MUL || d.op() == Op.AND || d.op() == Op.OR
                || d.op() == Op.XOR || (d.op() == Op.SHL && d.operand(1) instanceof Constant);
        if (wraps) {
            long shift = d.op() == Op.SHL ? ((Constant) d.operand(1)).value() & 63 : 0;
            if (shift >= 32) {
                // the low 32 bits of a long shifted left by 32..63 are all zero
                Edits.replace(f, t, Constant.i32(0));
                return true;
            }
            FunctionBuilder b = FunctionBuilder.editing(f).positionBefore(t).at(d.pos());
            Value a = narrow(b, d.operand(0));
            Value c = d.op() == Op.SHL ? Constant.i32((int) shift) : narrow(b, d.operand(1));
            Edits.replace(f, t, b.binary(d.op(), a, c));
            return true;
        }
        if (d.op() == Op.LOAD && d.size() <= 4 && !d.signExtends()) {
            Value narrow = FunctionBuilder.editing(f).positionBefore(d).at(d.pos()).load(Type.I32, d.operand(0), d.offset(), d.size(), false);
            Edits.replace(f, t, narrow);
            return true;
        }
        if (d.op() == Op.CTX_LOAD && d.type() == Type.I64 && d.size() <= 4 && !d.signExtends()) {
            Value narrow = FunctionBuilder.editing(f).positionBefore(d).at(d.pos()).ctxLoad(Type.I32, d.operand(0), d.offset(), d.size());
            Edits.replace(f, t, narrow);
            return true;
        }
        return false;
    }

    private static Value narrow(FunctionBuilder b, Value v) {
        if (v instanceof Constant) return Constant.i32((int) ((Constant) v).value());
        return b.trunc(v);
    }

    private static boolean narrowStore(Instruction s) {
        Value v = s.operand(1);
        if (s.size() > 4 || !(v instanceof Instruction)) return false;
        Instruction d = (Instruction) v;
        boolean dropsUpper = d.op() == Op.TRUNC || ((d.op() == Op.ZEXT || d.op() == Op.SEXT) && d.size() >= s.size());
        if (!dropsUpper) return false;
        s.setOperand(1, d.operand(0));
        return true;
    }

    /**
     * An int phi of truncated longs and constants that only narrow stores read joins the longs:
     * the stores write the same low bytes, and no {@code w1 = w0} is left on the way to the join
     * ({@code int slot = nr < LAST ? (int) nr : LAST} stored as a map key).
     */
    private static boolean widenTruncatingPhi(Function f, Phi p) {
        if (p.type() != Type.I32) return false;
        boolean truncates = false;
        for (Value v : p.operands()) {
            if (v instanceof Instruction t && t.op() == Op.TRUNC) truncates = true;
            else if (!(v instanceof Constant)) return false;
        }
        if (!truncates) return false;
        for (Instruction u : f.instructions()) {
            if (u.operands().contains(p) && (u.op() != Op.STORE || u.operand(0) == p || u.size() > 4)) return false;
        }
        Phi wide = FunctionBuilder.editing(f).setBlock(p.block()).at(p.pos()).phi(Type.I64);
        for (int k = 0; k < p.operands().size(); k++) {
            Value v = p.operand(k);
            wide.addIncoming(p.incomingBlocks().get(k), v instanceof Constant c ? Constant.i64(c.value()) : ((Instruction) v).operand(0));
        }
        Edits.replace(f, p, wide);
        return true;
    }

    /** {@code (long)a cmp (long)b} on ints is an int compare (unsigned for zero extension). */
    private static boolean narrowCompare(Instruction br) {
        Value a = br.operand(0), b = br.operand(1);
        if (a.type() != Type.I64) return false;
        Op ext = widening(a) != null ? ((Instruction) a).op() : widening(b) != null ? ((Instruction) b).op() : null;
        if (ext == null) return false;
        Value na = narrowOperand(a, ext), nb = narrowOperand(b, ext);
        if (na == null || nb == null) return false;
        Cmp cmp = br.cmp();
        if (ext == Op.ZEXT) {
            // zero-extended values are non-negative as longs: their signed order is the ints' unsigned order
            switch (cmp) {
                case SLT: cmp = Cmp.ULT; break;
                case SLE: cmp = Cmp.ULE; break;
                case SGT: cmp = Cmp.UGT; break;
                case SGE: cmp = Cmp.UGE; break;
                default: break;
            }
        }
        br.setOperand(0, na);
        br.setOperand(1, nb);
        br.setCmp(cmp);
        return true;
    }

    private static Value widening(Value v) {
        if (!(v instanceof Instruction)) return null;
        Instruction i = (Instruction) v;
        return (i.op() == Op.ZEXT || i.op() == Op.SEXT) && i.size() == 4 && i.operand(0).type() == Type.I32 ? i.operand(0) : null;
    }

    private static Value narrowOperand(Value v, Op ext) {
        if (v instanceof Constant) {
            long c = ((Constant) v).value();
            boolean fits = ext == Op.ZEXT ? (c >= 0 && c <= 0xFFFF_FFFFL) : c == (int) c;
            return fits ? Constant.i32((int) c) : null;
        }
        Value inner = widening(v);
        return inner != null && ((Instruction) v).op() == ext ? inner : null;
    }

    /**
     * A sign-extending load whose users look only at the loaded bytes (narrow stores, masks within
     * them, equality with a small non-negative constant) loads zero-extended: {@code ldx} alone
     * instead of {@code ldx} + {@code movsx}.
     */
    private static boolean dropUnobservedSignExtension(Function f, Instruction load) {
        if (!load.signExtends() || load.size() >= load.type().size()) return false;
        long low = JavaArithmetic.mask(load.size());
        for (Instruction u : f.instructions()) {
            if (!u.operands().contains(load)) continue;
            boolean ok;
            switch (u.op()) {
                case STORE: ok = u.operand(0) != load && u.size() <= load.size(); break;
                case AND: {
                    Value other = u.operand(0) == load ? u.operand(1) : u.operand(0);
                    ok = other instanceof Constant && (((Constant) other).value() & ~low) == 0;
                    break;
                }
                case COND_BR: {
                    Value other = u.operand(0) == load ? u.operand(1) : u.operand(0);
                    long c = other instanceof Constant ? ((Constant) other).value() : -1;
                    ok = (u.cmp() == Cmp.EQ || u.cmp() == Cmp.NE) && c >= 0 && c <= (low >>> 1);
                    break;
                }
                case ASHR: case LSHR:
                    ok = u.operand(0) == load && u.operand(1) instanceof Constant c && masksWithin(f, u, low >>> (c.value() & (load.type() == Type.I32 ? 31 : 63)));
                    break;
                default: ok = false;
            }
            if (!ok) return false;
        }
        Value unsigned = FunctionBuilder.editing(f).positionBefore(load).at(load.pos())
                .load(load.type(), load.operand(0), load.offset(), load.size(), false);
        Edits.replace(f, load, unsigned);
        return true;
    }

    /**
     * Whether every use of {@code shifted} masks it within {@code low}: then the bits a sign
     * extension shifted in are never seen ({@code (b >> 4) & 0xF} of a signed byte b, a TCP data offset).
     */
    private static boolean masksWithin(Function f, Instruction shifted, long low) {
        for (Instruction u : f.instructions()) {
            if (!u.operands().contains(shifted)) continue;
            if (u.op() != Op.AND || !(u.operand(1) instanceof Constant m) || u.operand(0) != shifted || (m.value() & ~low) != 0) return false;
        }
        return true;
    }

    /** {@code load & mask} / {@code zext(load)} where the mask covers exactly the loaded bytes → an unsigned load. */
    private static boolean foldIntoLoad(Function f, Instruction i, Map<Value, Integer> uses) {
        Value x = i.operand(0);
        if (!(x instanceof Instruction) || ((Instruction) x).op() != Op.LOAD || uses.getOrDefault(x, 0) != 1) return false;
        Instruction load = (Instruction) x;
        if (load.size() >= 8) return false;
        long lowMask = JavaArithmetic.mask(load.size());
        boolean covers;
        if (i.op() == Op.AND) {
            if (!(i.operand(1) instanceof Constant)) return false;
            long m = ((Constant) i.operand(1)).value() & JavaArithmetic.mask(i.type().size());
            covers = m == lowMask || (!load.signExtends() && (m & lowMask) == lowMask);
        } else {
            covers = i.size() == load.size() || (!load.signExtends() && i.size() >= load.size());
        }
        if (!covers) return false;
        Value unsigned = FunctionBuilder.editing(f).positionBefore(load).at(load.pos())
                .load(i.type(), load.operand(0), load.offset(), load.size(), false);
        Edits.replace(f, i, unsigned);
        load.block().remove(load);
        return true;
    }

}
