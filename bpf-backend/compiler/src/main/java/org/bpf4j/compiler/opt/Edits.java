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
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Value;

/** Small IR rewrites the passes share. */
final class Edits {
    private Edits() {}

    /** Replaces every use of {@code old} by {@code with} and deletes {@code old}. */
    static void replace(Function f, Instruction old, Value with) {
        f.replaceAllUses(old, with);
        old.block().remove(old);
    }

    /** Replaces {@code b}'s terminator by {@code br target}, dropping phi entries of edges that disappear. */
    static void branchTo(Function f, Block b, Block target) {
        Instruction t = b.terminator();
        for (Block s : t.targets()) {
            if (s != target) for (Phi p : s.phis()) p.removeIncoming(b);
        }
        b.remove(t);
        FunctionBuilder.editing(f).setBlock(b).at(t.pos()).br(target);
    }

    /**
     * Sends predecessor {@code p}'s edge into {@code b} straight to {@code to}, a successor of
     * {@code b}: {@code to}'s phis take from {@code p} what they took from {@code b} (a phi of
     * {@code b} read as its value from {@code p}), and {@code b}'s phis forget {@code p}.
     */
    static void threadEdge(Block p, Block b, Block to) {
        for (Phi tp : to.phis()) {
            Value v = tp.incomingFrom(b);
            tp.addIncoming(p, v instanceof Phi && ((Phi) v).block() == b ? ((Phi) v).incomingFrom(p) : v);
        }
        Instruction pt = p.terminator();
        for (int k = 0; k < pt.targets().size(); k++) if (pt.targets().get(k) == b) pt.setTarget(k, to);
        for (Phi phi : b.phis()) phi.removeIncoming(p);
    }

    /** Instructions that use each value. */
    static Map<Value, List<Instruction>> users(Function f) {
        Map<Value, List<Instruction>> users = new HashMap<>();
        for (Instruction i : f.instructions()) {
            for (Value v : i.operands()) users.computeIfAbsent(v, k -> new ArrayList<>()).add(i);
        }
        return users;
    }

    /** The blocks from which {@code to} is reached without passing {@code stop}: {@code to} itself unless it is stop. */
    static Set<Block> reaching(Block to, Block stop, Map<Block, List<Block>> preds) {
        Set<Block> seen = new HashSet<>();
        Deque<Block> work = new ArrayDeque<>(List.of(to));
        while (!work.isEmpty()) {
            Block x = work.pop();
            if (x != stop && seen.add(x)) work.addAll(preds.get(x));
        }
        return seen;
    }

    /** The natural loop of the back edge {@code latch -> header}: the header, and what reaches the latch without passing it. */
    static Set<Block> loopBody(Block header, Block latch, Map<Block, List<Block>> preds) {
        Set<Block> body = reaching(latch, header, preds);
        body.add(header);
        return body;
    }

    /** Dominator-tree children of every reachable block. */
    static Map<Block, List<Block>> domChildren(Dominators dom) {
        Map<Block, List<Block>> children = new HashMap<>();
        for (Block b : dom.reversePostOrder()) {
            children.computeIfAbsent(b, k -> new ArrayList<>());
            Block up = dom.idom(b);
            if (up != b) children.computeIfAbsent(up, k -> new ArrayList<>()).add(b);
        }
        return children;
    }

    /** A block that does nothing but return the constant, with no phis. */
    static boolean isReturnOf(Block b, Value c) {
        List<Instruction> ins = b.instructions();
        return ins.size() == 1 && ins.get(0).op() == Op.RETURN && !ins.get(0).operands().isEmpty()
                && ins.get(0).operand(0).equals(c);
    }
}
