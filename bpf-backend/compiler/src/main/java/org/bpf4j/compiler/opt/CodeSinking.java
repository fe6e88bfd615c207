package org.bpf4j.compiler.opt;

import java.util.ArrayList;
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
 * Moves a value computed for one side of a branch into that side, so the other side does not
 * pay for it: Java evaluates {@code int second = ctx.u8(i + 1)} before the test of the byte at
 * {@code i} that decides whether second is read at all. An instruction without side effects whose
 * every use lies where one successor of its block dominates (a successor entered from that block
 * alone) is computed at that successor's start; its operands may follow. A load moves only past
 * instructions that write nothing.
 */
public final class CodeSinking implements Pass {
    @Override
    public boolean run(Function f) {
        Dominators dom = new Dominators(f);
        Map<Block, List<Block>> preds = f.predecessors();
        Map<Value, List<Instruction>> users = Edits.users(f);
        boolean changed = false;
        for (Block b : dom.reversePostOrder()) {
            List<Instruction> code = new ArrayList<>(b.instructions());
            for (int k = code.size() - 2; k >= 0; k--) {
                Instruction i = code.get(k);
                if (!movable(i) || i.op() == Op.LOAD && writesAfter(code, k)) continue;
                Block to = soleSide(b, users.getOrDefault(i, List.of()), dom, preds);
                if (to == null) continue;
                b.remove(i);
                to.insertBefore(to.instructions().get(to.phis().size()), i);
                changed = true;
            }
        }
        return changed;
    }

    private static boolean movable(Instruction i) {
        Op op = i.op();
        return !(i instanceof Phi) && !i.hasSideEffects() && (op == Op.LOAD || op == Op.PTR_ADD || op.isArithmetic());
    }

    private static boolean writesAfter(List<Instruction> code, int k) {
        for (Instruction i : code.subList(k + 1, code.size() - 1)) if (i.hasSideEffects()) return true;
        return false;
    }

    /** The successor of {@code b}, entered from b alone, that dominates every use; null when there is none. */
    private static Block soleSide(Block b, List<Instruction> uses, Dominators dom, Map<Block, List<Block>> preds) {
        if (uses.isEmpty()) return null;
        for (Block s : b.successors()) {
            if (s == b || preds.get(s).size() != 1) continue;
            boolean all = true;
            for (Instruction u : uses) all &= !(u instanceof Phi) && u.block() != null && dom.dominates(s, u.block());
            if (all) return s;
        }
        return null;
    }
}
