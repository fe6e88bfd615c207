package org.bpf4j.compiler.opt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Dominators;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/**
 * Control-flow clean-up: merges a block into its only predecessor, forwards blocks that only
 * jump, shares blocks that return the same constant (a block returning it after other work
 * jumps to such a block), and threads branches on a phi of
 * constants (a Java {@code boolean} or {@code ||} materialized by the front end) straight to
 * their outcome, and folds a branch a dominating branch on the same operands has decided.
 */
public final class BranchSimplification implements Pass {
    @Override
    public boolean run(Function f) {
        boolean changed = false;
        boolean again = true;
        while (again) {
            again = mergeIntoPredecessor(f) || forwardEmptyBlocks(f) || duplicateReturns(f) || shareReturnBlocks(f)
                    || threadPhiBranches(f) || foldDecidedBranches(f);
            changed |= again;
        }
        return changed;
    }

    private static boolean mergeIntoPredecessor(Function f) {
        Map<Block, List<Block>> preds = f.predecessors();
        for (Block b : f.blocks()) {
            Instruction t = b.terminator();
            if (t.op() != Op.BR) continue;
            Block c = t.targets().get(0);
            if (c == b || c == f.entry() || preds.get(c).size() != 1) continue;
            for (Phi p : c.phis()) Edits.replace(f, p, p.operand(0));
            b.remove(t);
            for (Block s : c.successors()) for (Phi p : s.phis()) p.replaceIncomingBlock(c, b);
            b.absorb(c);
            f.removeBlock(c);
            return true;
        }
        return false;
    }

    /** A block holding only {@code br T}: its predecessors jump to T directly where T's phis allow. */
    private static boolean forwardEmptyBlocks(Function f) {
        Map<Block, List<Block>> preds = f.predecessors();
        boolean changed = false;
        for (Block e : f.blocks()) {
            if (e == f.entry() || e.instructions().size() != 1 || e.terminator().op() != Op.BR) continue;
            Block t = e.terminator().targets().get(0);
            if (t == e) continue;
            for (Block p : preds.get(e)) {
                if (!t.phis().isEmpty() && preds.get(t).contains(p)) continue;
                Instruction pt = p.terminator();
                for (int k = 0; k < pt.targets().size(); k++) if (pt.targets().get(k) == e) pt.setTarget(k, t);
                for (Phi phi : t.phis()) phi.addIncoming(p, phi.incomingFrom(e));
                changed = true;
            }
            if (changed) {
                dropIfUnreachable(f, e);
                return true;
            }
        }
        return false;
    }

    private static void dropIfUnreachable(Function f, Block b) {
        if (f.predecessors().get(b).isEmpty()) f.removeBlock(b);
    }

    /**
     * {@code R: v = phi(...); return v} reached by {@code br R}: the predecessor returns its own
     * incoming value instead, which is usually a constant that {@link #shareReturnBlocks} then
     * shares (a {@code cond ? DROP : PASS} needs no register).
     */
    private static boolean duplicateReturns(Function f) {
        Map<Block, List<Block>> preds = f.predecessors();
        for (Block r : f.blocks()) {
            Instruction ret = r.terminator();
            if (ret.op() != Op.RETURN || r.instructions().size() != r.phis().size() + 1 || r.phis().isEmpty()) continue;
            for (Block p : preds.get(r)) {
                if (p.terminator().op() != Op.BR) continue;
                Value v = ret.operands().isEmpty() ? null : ret.operand(0);
                if (v instanceof Phi && ((Phi) v).block() == r) v = ((Phi) v).incomingFrom(p);
                for (Phi phi : r.phis()) phi.removeIncoming(p);
                p.remove(p.terminator());
                FunctionBuilder.editing(f).setBlock(p).at(ret.pos()).ret(v);
                dropIfUnreachable(f, r);
                return true;
            }
        }
        return false;
    }

    private static boolean shareReturnBlocks(Function f) {
        Map<Value, Block> first = new HashMap<>();
        for (Block b : f.blocks()) {
            if (b == f.entry() || b.instructions().size() != 1 || b.terminator().op() != Op.RETURN) continue;
            Instruction r = b.terminator();
            if (r.operands().size() != 1 || !(r.operand(0) instanceof Constant)) continue;
            Block keep = first.putIfAbsent(r.operand(0), b);
            if (keep == null) continue;
            for (Block p : f.predecessors().get(b)) {
                Instruction pt = p.terminator();
                for (int k = 0; k < pt.targets().size(); k++) if (pt.targets().get(k) == b) pt.setTarget(k, keep);
            }
            f.removeBlock(b);
            return true;
        }
        // a block that does more before its return jumps to the shared one: one jump, where
        // the return costs setting r0 and an exit
        for (Block b : f.blocks()) {
            Instruction r = b.terminator();
            if (b.instructions().size() == 1 || r.op() != Op.RETURN || r.operands().size() != 1) continue;
            Block shared = first.get(r.operand(0));
            if (shared == null) continue;
            Edits.branchTo(f, b, shared);
            return true;
        }
        return false;
    }

    /**
     * {@code B: x = phi(P1: K1, ...); if (x cmp C) goto T else F}: a predecessor delivering a
     * constant knows the outcome and jumps to it. B's phis may be used by that branch, by the
     * phis of T/F, and below the other outcome O when B is O's only predecessor: O stays
     * dominated by B, so those uses still see the phis (an inlined {@code return null} tested
     * by the caller, whose non-null value is then read).
     */
    private static boolean threadPhiBranches(Function f) {
        Map<Block, List<Block>> preds = f.predecessors();
        Map<Value, List<Instruction>> users = Edits.users(f);
        Dominators dom = null;
        for (Block b : f.blocks()) {
            Instruction br = b.terminator();
            if (br.op() != Op.COND_BR || b.instructions().size() != b.phis().size() + 1 || b == f.entry()) continue;
            boolean local = phisLocal(b, users);
            Value a = br.operand(0), c = br.operand(1);
            for (Block p : new ArrayList<>(preds.get(b))) {
                if (p == b) continue;
                Long va = constantFrom(a, b, p), vc = constantFrom(c, b, p);
                if (va == null || vc == null) continue;
                boolean taken = br.cmp().test(va, vc, a.type() == Type.I32);
                Block target = br.targets().get(taken ? 0 : 1), other = br.targets().get(taken ? 1 : 0);
                if (target == b || (!target.phis().isEmpty() && preds.get(target).contains(p))) continue;
                if (!local) {
                    if (other == target || other == f.entry() || preds.get(other).size() != 1) continue;
                    if (dom == null) dom = new Dominators(f);
                    if (!phisUsedBelow(b, other, dom, users)) continue;
                }
                Edits.threadEdge(p, b, target);
                dropIfUnreachable(f, b);
                return true;
            }
        }
        return false;
    }

    /**
     * A branch whose outcome a dominating branch on the same operands decided (a pointer
     * null-tested again, a compare repeated) goes straight to it. Only a test of the same SSA
     * values counts, so the verifier, which tracks null-ness per register, knows it as well.
     */
    private static boolean foldDecidedBranches(Function f) {
        Dominators dom = new Dominators(f);
        Map<Block, List<Block>> preds = f.predecessors();
        for (Block b : dom.reversePostOrder()) {
            Instruction br = b.terminator();
            if (br.op() != Op.COND_BR) continue;
            for (Block below = b, d = dom.idom(b); d != below; below = d, d = dom.idom(d)) {
                Instruction test = d.terminator();
                if (test.op() != Op.COND_BR || test.targets().get(0) == test.targets().get(1)) continue;
                for (int way = 0; way < 2; way++) {
                    Block taken = test.targets().get(way);
                    if (preds.get(taken).size() != 1 || !dom.dominates(taken, b)) continue;
                    Boolean outcome = implied(test, way == 0, br);
                    if (outcome == null) continue;
                    Edits.branchTo(f, b, br.targets().get(outcome ? 0 : 1));
                    return true;
                }
            }
        }
        return false;
    }

    /** The outcome of {@code br} where {@code test} came out {@code known}, or null if that does not decide it. */
    static Boolean implied(Instruction test, boolean known, Instruction br) {
        Cmp cmp;
        if (Objects.equals(br.operand(0), test.operand(0)) && Objects.equals(br.operand(1), test.operand(1))) cmp = br.cmp();
        else if (Objects.equals(br.operand(0), test.operand(1)) && Objects.equals(br.operand(1), test.operand(0))) cmp = br.cmp().swap();
        else return null;
        if (cmp == test.cmp()) return known;
        if (cmp == test.cmp().negate()) return !known;
        return null;
    }

    private static boolean phisLocal(Block b, Map<Value, List<Instruction>> users) {
        for (Phi p : b.phis()) {
            for (Instruction u : users.getOrDefault(p, List.of())) if (!usedOnLeaving(b, p, u)) return false;
        }
        return true;
    }

    /** {@code u} reads phi {@code p} of {@code b} as {@code b}'s branch or as a successor's phi fed by {@code b}. */
    private static boolean usedOnLeaving(Block b, Phi p, Instruction u) {
        return u == b.terminator() || (u instanceof Phi && b.successors().contains(u.block()) && onlyFrom((Phi) u, p, b));
    }

    /** Every use of {@code b}'s phis is on leaving {@code b} or in code that {@code below} dominates. */
    private static boolean phisUsedBelow(Block b, Block below, Dominators dom, Map<Value, List<Instruction>> users) {
        for (Phi p : b.phis()) {
            for (Instruction u : users.getOrDefault(p, List.of())) {
                if (usedOnLeaving(b, p, u)) continue;
                if (!(u instanceof Phi)) {
                    if (!dom.dominates(below, u.block())) return false;
                    continue;
                }
                Phi up = (Phi) u;
                for (int k = 0; k < up.operands().size(); k++) {
                    if (up.operand(k) == p && !dom.dominates(below, up.incomingBlocks().get(k))) return false;
                }
            }
        }
        return true;
    }

    /** {@code p} occurs in phi {@code u} only as the value coming from {@code b}. */
    private static boolean onlyFrom(Phi u, Value p, Block b) {
        for (int k = 0; k < u.operands().size(); k++) {
            if (u.operand(k) == p && u.incomingBlocks().get(k) != b) return false;
        }
        return true;
    }

    private static Long constantFrom(Value v, Block b, Block pred) {
        if (v instanceof Phi && ((Phi) v).block() == b) v = ((Phi) v).incomingFrom(pred);
        return v instanceof Constant ? ((Constant) v).value() : null;
    }
}
