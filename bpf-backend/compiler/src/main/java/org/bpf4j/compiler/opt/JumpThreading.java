package org.bpf4j.compiler.opt;

import java.util.List;
import java.util.Map;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Dominators;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Value;

/**
 * Threads an edge on which a branch is decided past the work that only the branch's other
 * outcome uses. A predecessor P whose own branch tested the same operands reaches B along an
 * edge where B's branch must go to D; when B computes nothing that D's side reads and has no
 * side effect (a clock read is none), P jumps to D directly. Each Java array access checks its
 * index: an index out of bounds for the first of two accesses then skips what lies between
 * them, the second check included, as clang's single check does. B's other predecessors keep
 * it; with P gone, B often merges into the one left and its test is folded as decided there.
 */
public final class JumpThreading implements Pass {
    @Override
    public boolean run(Function f) {
        boolean changed = false;
        while (threadOne(f)) changed = true;
        return changed;
    }

    private static boolean threadOne(Function f) {
        Map<Block, List<Block>> preds = f.predecessors();
        Map<Value, List<Instruction>> users = Edits.users(f);
        Dominators dom = null;
        for (Block b : f.blocks()) {
            Instruction br = b.terminator();
            if (br.op() != Op.COND_BR || b == f.entry() || preds.get(b).size() < 2) continue;
            for (Block p : preds.get(b)) {
                Instruction test = p.terminator();
                if (p == b || test.op() != Op.COND_BR || test.targets().get(0) == test.targets().get(1)) continue;
                Boolean outcome = BranchSimplification.implied(test, test.targets().get(0) == b, br);
                if (outcome == null) continue;
                Block to = br.targets().get(outcome ? 0 : 1), other = br.targets().get(outcome ? 1 : 0);
                if (to == other || to == b || test.targets().contains(to) || preds.get(other).size() != 1) continue;
                if (!to.phis().isEmpty() && preds.get(to).contains(p)) continue;
                if (dom == null) dom = new Dominators(f);
                // no new back edge, no loop entered past its header
                if (dom.dominates(b, p) || dom.dominates(to, p)) continue;
                if (!onlyTheOtherSideReads(b, other, to, dom, users)) continue;
                Edits.threadEdge(p, b, to);
                return true;
            }
        }
        return false;
    }

    /**
     * B has no side effect before its branch, and what it computes is read only within B, below
     * {@code other} (whose only predecessor is B), or (B's phis) by D's phis on the edge from B.
     */
    private static boolean onlyTheOtherSideReads(Block b, Block other, Block to, Dominators dom,
            Map<Value, List<Instruction>> users) {
        for (Instruction i : b.instructions()) {
            if (i == b.terminator()) continue;
            if (i.hasSideEffects()) return false;
            for (Instruction u : users.getOrDefault(i, List.of())) {
                if (u.block() == b) continue;
                if (!(u instanceof Phi)) {
                    if (!dom.dominates(other, u.block())) return false;
                    continue;
                }
                Phi up = (Phi) u;
                for (int k = 0; k < up.operands().size(); k++) {
                    if (up.operand(k) != i) continue;
                    Block from = up.incomingBlocks().get(k);
                    boolean phiOfB = i instanceof Phi && up.block() == to && from == b;
                    if (!phiOfB && up.block() != other && !dom.dominates(other, from)) return false;
                }
            }
        }
        return true;
    }
}
