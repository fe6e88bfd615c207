package org.bpf4j.compiler.regalloc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Phi;

/**
 * Prepares SSA for phi elimination: splits every critical edge into a block with phis (an edge
 * from a block with several successors to one with several predecessors), so that each phi's
 * copies can sit at the end of its predecessor without running on other paths.
 *
 * <p>An edge block goes just before its target when the edge runs forward, else just after its
 * source, so straight-line code keeps jumping forward. Edge blocks gathered at the end would add a
 * backward jump per edge, crossing the forward branches: besides the longer jumps, crossed jumps
 * whose x86 lengths sit near the 8-bit boundary keep the kernel's JIT from converging, and it
 * refuses the program (ENOTSUPP after the verifier has accepted it).
 */
public final class OutOfSsa {
    private OutOfSsa() {}

    public static void splitCriticalEdges(Function f) {
        Map<Block, List<Block>> preds = f.predecessors();
        List<Block> layout = new ArrayList<>(f.blocks());
        Map<Block, List<Block>> before = new HashMap<>();
        Map<Block, List<Block>> after = new HashMap<>();
        FunctionBuilder b = FunctionBuilder.editing(f);
        for (Block from : layout) {
            Instruction t = from.terminator();
            if (t == null || t.targets().size() < 2) continue;
            for (int k = 0; k < t.targets().size(); k++) {
                Block to = t.targets().get(k);
                if (to.phis().isEmpty() || preds.get(to).size() < 2) continue;
                if (t.targets().get(0) == t.targets().get(1)) {
                    throw new IllegalStateException("block " + from.name() + " branches twice to " + to.name() + ", which has phis; simplify the branch first");
                }
                Block mid = b.newBlock("edge");
                b.setBlock(mid);
                b.at(t.pos());
                b.br(to);
                t.setTarget(k, mid);
                for (Phi p : to.phis()) p.replaceIncomingBlock(from, mid);
                boolean forward = layout.indexOf(to) > layout.indexOf(from);
                (forward ? before : after).computeIfAbsent(forward ? to : from, x -> new ArrayList<>()).add(mid);
            }
        }
        List<Block> order = new ArrayList<>();
        for (Block x : layout) {
            order.addAll(before.getOrDefault(x, List.of()));
            order.add(x);
            order.addAll(after.getOrDefault(x, List.of()));
        }
        f.setBlockOrder(order);
    }
}
