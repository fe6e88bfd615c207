package org.bpf4j.compiler.opt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Value;

/**
 * A 0 or 1 chosen by a zero test of a value never negative ({@code v += h.flag ? 1 : 0}) is
 * computed without a branch: {@code (-x) >>> 31} is 1 where {@code x != 0}, {@code (x - 1) >>> 31}
 * where {@code x == 0}. The verifier walks both ways of a branch with the sum in two states
 * that differ by one; once the sum is precise (compared, or an offset) they never prune each
 * other, and k such choices in an unrolled loop leave k + 1 states for all the code below.
 * Computed, the sum is one state whose range grows by one. A phi a branch tests is left to
 * {@link BranchSimplification}, which threads the branch to its outcome.
 */
public final class BranchlessBooleans implements Pass {

    @Override
    public boolean run(Function f) {
        Map<Block, List<Block>> preds = f.predecessors();
        Map<Value, List<Instruction>> users = Edits.users(f);
        ValueRanges ranges = null;
        boolean changed = false;
        for (Block join : new ArrayList<>(f.blocks())) {
            List<Block> in = preds.get(join);
            if (in.size() != 2) continue;
            Block test = testOf(in.get(0), join, preds);
            if (test == null || test != testOf(in.get(1), join, preds)) continue;
            Instruction br = test.terminator();
            if (br.op() != Op.COND_BR || br.targets().get(0) == br.targets().get(1)) continue;
            if (br.cmp() != Cmp.EQ && br.cmp() != Cmp.NE) continue;
            Value x = zeroTested(br);
            if (x == null) continue;
            Block nonZero = nonZeroSide(br, join);
            for (Phi p : new ArrayList<>(join.phis())) {
                if (p.type() != x.type() || !onlyComputedWith(p, users)) continue;
                Long whenNonZero = constant(p, nonZero);
                Long whenZero = constant(p, in.get(0) == nonZero ? in.get(1) : in.get(0));
                if (whenNonZero == null || whenZero == null || whenNonZero + whenZero != 1 || whenNonZero * whenZero != 0) continue;
                if (ranges == null) ranges = new ValueRanges(f);
                if (!ranges.at(x, test).nonNegative()) continue;
                FunctionBuilder b = FunctionBuilder.editing(f).positionBefore(join.instructions().get(join.phis().size())).at(br.pos());
                Value signed = whenNonZero == 1 ? b.neg(x) : b.sub(x, Constant.of(x.type(), 1));
                Edits.replace(f, p, b.lshr(signed, Constant.of(x.type(), 8L * x.type().size() - 1)));
                changed = true;
            }
        }
        return changed;
    }

    /** The block whose branch leads to {@code join} through {@code pred}: {@code pred} itself, or the block an empty {@code pred} is only reached from. */
    private static Block testOf(Block pred, Block join, Map<Block, List<Block>> preds) {
        if (pred.terminator().op() == Op.COND_BR) return pred;
        if (pred.instructions().size() != 1 || preds.get(pred).size() != 1) return null;
        return preds.get(pred).get(0);
    }

    /** The predecessor of {@code join} reached where the tested value is not zero. */
    private static Block nonZeroSide(Instruction br, Block join) {
        Block taken = br.targets().get(br.cmp() == Cmp.NE ? 0 : 1);
        return taken == join ? br.block() : taken;
    }

    /** {@code x} of a branch {@code x == 0} or {@code x != 0}, or null. */
    private static Value zeroTested(Instruction br) {
        Value a = br.operand(0), c = br.operand(1);
        if (!a.type().isRegisterInteger()) return null;
        if (c instanceof Constant k && k.value() == 0 && !(a instanceof Constant)) return a;
        if (a instanceof Constant k && k.value() == 0 && !(c instanceof Constant)) return c;
        return null;
    }

    private static Long constant(Phi p, Block from) {
        return p.incomingFrom(from) instanceof Constant k ? k.value() : null;
    }

    /** No branch tests {@code p} and no phi passes it on to one. */
    private static boolean onlyComputedWith(Phi p, Map<Value, List<Instruction>> users) {
        for (Instruction u : users.getOrDefault(p, List.of())) {
            if (u.op() == Op.COND_BR || u.op() == Op.PHI) return false;
        }
        return true;
    }
}
