package org.bpf4j.compiler.opt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Dominators;
import org.bpf4j.compiler.ir.Function;

/**
 * Orders blocks in reverse post-order, so that a branch's "else" side (the path a null or bounds
 * check continues on) follows it and early returns move towards the end, as clang lays them out.
 * A branch that leaves a loop is the exception: the side staying in the loop follows it, so the
 * loop's blocks stay together and the code after the loop runs on into what follows it, where a
 * loop body placed after that code made it jump.
 */
public final class BlockLayout implements Pass {
    @Override
    public boolean run(Function f) {
        Map<Block, Set<Block>> loops = loopHeaders(f);
        List<Block> order = reversePostOrder(f, loops);
        for (Block b : f.blocks()) if (!order.contains(b)) order.add(b);
        if (order.equals(f.blocks())) return false;
        f.setBlockOrder(order);
        return true;
    }

    /** Per block, the headers of the natural loops holding it. */
    private static Map<Block, Set<Block>> loopHeaders(Function f) {
        Dominators dom = new Dominators(f);
        Map<Block, List<Block>> preds = f.predecessors();
        Map<Block, Set<Block>> headers = new HashMap<>();
        for (Block latch : dom.reversePostOrder()) {
            for (Block header : latch.successors()) {
                if (!dom.dominates(header, latch)) continue;
                for (Block b : Edits.loopBody(header, latch, preds)) headers.computeIfAbsent(b, x -> new HashSet<>()).add(header);
            }
        }
        return headers;
    }

    /** Reverse post-order whose depth-first walk takes a branch's loop exits first: they are then placed last. */
    private static List<Block> reversePostOrder(Function f, Map<Block, Set<Block>> loops) {
        List<Block> post = new ArrayList<>();
        Set<Block> seen = new HashSet<>(List.of(f.entry()));
        Deque<Block> stack = new ArrayDeque<>(List.of(f.entry()));
        Map<Block, Deque<Block>> pending = new HashMap<>();
        while (!stack.isEmpty()) {
            Block b = stack.peek();
            Deque<Block> next = pending.computeIfAbsent(b, x -> successorsExitsFirst(x, loops));
            if (next.isEmpty()) {
                post.add(stack.pop());
            } else {
                Block s = next.pop();
                if (seen.add(s)) stack.push(s);
            }
        }
        List<Block> order = new ArrayList<>(post.size());
        for (int i = post.size() - 1; i >= 0; i--) order.add(post.get(i));
        return order;
    }

    private static Deque<Block> successorsExitsFirst(Block b, Map<Block, Set<Block>> loops) {
        Set<Block> in = loops.getOrDefault(b, Set.of());
        Deque<Block> out = new ArrayDeque<>();
        for (Block s : b.successors()) if (!loops.getOrDefault(s, Set.of()).containsAll(in)) out.add(s);
        for (Block s : b.successors()) if (loops.getOrDefault(s, Set.of()).containsAll(in)) out.add(s);
        return out;
    }
}
