package org.bpf4j.compiler.regalloc;

import java.util.ArrayList;
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
 */
public final class OutOfSsa {
    private OutOfSsa() {}

    public static void splitCriticalEdges(Function f) {
        Map<Block, List<Block>> preds = f.predecessors();
        FunctionBuilder b = FunctionBuilder.editing(f);
        for (Block from : new ArrayList<>(f.blocks())) {
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
            }
        }
    }
}
