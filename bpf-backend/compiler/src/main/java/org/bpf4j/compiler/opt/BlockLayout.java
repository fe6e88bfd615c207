package org.bpf4j.compiler.opt;

import java.util.ArrayList;
import java.util.List;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Function;

/**
 * Orders blocks in reverse post-order, so that a branch's "else" side (the path a null or bounds
 * check continues on) follows it and early returns move towards the end, as clang lays them out.
 */
public final class BlockLayout implements Pass {
    @Override
    public boolean run(Function f) {
        List<Block> order = new ArrayList<>(f.reversePostOrder());
        for (Block b : f.blocks()) if (!order.contains(b)) order.add(b);
        if (order.equals(f.blocks())) return false;
        f.setBlockOrder(order);
        return true;
    }
}
