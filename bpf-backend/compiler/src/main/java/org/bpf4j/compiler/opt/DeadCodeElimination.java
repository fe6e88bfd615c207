package org.bpf4j.compiler.opt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Dominators;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Value;

/**
 * Removes unreachable blocks, then every instruction no side effect depends on (mark from
 * stores, calls but those to removable helpers, and terminators through operands, so dead phi
 * cycles go too).
 */
public final class DeadCodeElimination implements Pass {
    @Override
    public boolean run(Function f) {
        boolean changed = false;
        Dominators dom = new Dominators(f);
        for (Block b : new ArrayList<>(f.blocks())) {
            if (!dom.isReachable(b)) {
                f.removeBlock(b);
                changed = true;
            }
        }
        Set<Instruction> live = new HashSet<>();
        Deque<Instruction> work = new ArrayDeque<>();
        for (Instruction i : f.instructions()) {
            if (i.hasSideEffects()) {
                live.add(i);
                work.add(i);
            }
        }
        while (!work.isEmpty()) {
            for (Value v : work.pop().operands()) {
                if (v instanceof Instruction && live.add((Instruction) v)) work.add((Instruction) v);
            }
        }
        for (Block b : f.blocks()) {
            List<Instruction> dead = new ArrayList<>();
            for (Instruction i : b.instructions()) if (!live.contains(i)) dead.add(i);
            // drop operands first so that dead values using each other leave no dangling uses
            for (Instruction i : dead) b.remove(i);
            changed |= !dead.isEmpty();
        }
        return changed;
    }
}
