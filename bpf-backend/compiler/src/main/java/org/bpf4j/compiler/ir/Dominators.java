package org.bpf4j.compiler.ir;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Dominator tree of a function's reachable blocks (Cooper, Harvey and Kennedy's iterative algorithm). */
public final class Dominators {
    private final Map<Block, Block> idom = new HashMap<>();
    private final Map<Block, Integer> rpoIndex = new HashMap<>();
    private final List<Block> rpo;

    public Dominators(Function f) {
        rpo = f.reversePostOrder();
        for (int i = 0; i < rpo.size(); i++) rpoIndex.put(rpo.get(i), i);
        Map<Block, List<Block>> preds = f.predecessors();
        Block entry = rpo.get(0);
        idom.put(entry, entry);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 1; i < rpo.size(); i++) {
                Block b = rpo.get(i);
                Block newIdom = null;
                for (Block p : preds.get(b)) {
                    if (!idom.containsKey(p)) continue;
                    newIdom = newIdom == null ? p : intersect(p, newIdom);
                }
                if (newIdom != null && idom.get(b) != newIdom) {
                    idom.put(b, newIdom);
                    changed = true;
                }
            }
        }
    }

    private Block intersect(Block a, Block b) {
        while (a != b) {
            while (rpoIndex.get(a) > rpoIndex.get(b)) a = idom.get(a);
            while (rpoIndex.get(b) > rpoIndex.get(a)) b = idom.get(b);
        }
        return a;
    }

    /** Reachable blocks in reverse post-order. */
    public List<Block> reversePostOrder() { return rpo; }

    public boolean isReachable(Block b) { return rpoIndex.containsKey(b); }

    /** The immediate dominator (the entry block's is itself); null for unreachable blocks. */
    public Block idom(Block b) { return idom.get(b); }

    /** Whether {@code a} dominates {@code b} (reflexive). Unreachable blocks are dominated by nothing. */
    public boolean dominates(Block a, Block b) {
        if (!isReachable(a) || !isReachable(b)) return false;
        Block x = b;
        while (true) {
            if (x == a) return true;
            Block up = idom.get(x);
            if (up == x) return false;
            x = up;
        }
    }
}
