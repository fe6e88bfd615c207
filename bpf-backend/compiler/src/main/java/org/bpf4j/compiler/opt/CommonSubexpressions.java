package org.bpf4j.compiler.opt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Dominators;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/**
 * Common subexpression elimination over the dominator tree: pure operations (arithmetic,
 * extensions, address computations, packet headers) and loads. A load reuses an earlier
 * identical one that dominates it when no path between the two may write the memory read
 * ({@link Memory} says what may); stack loads are {@link StackForwarding}'s.
 */
public final class CommonSubexpressions implements Pass {
    private record Key(Op op, Object type, List<Value> operands, int offset, int size, boolean signExtends, String symbol) {}

    /** The memory a load reads, by what may change it. */
    private enum Memory {
        /** {@code data}/{@code data_end}: moved only by calls that change the packet. */
        PACKET_BOUNDS,
        /** Other context fields: written by context stores and by helpers given the context ({@code bpf_set_hash}). */
        CONTEXT,
        /** Packet, map values, helper memory: written through any non-stack pointer and by any call but a lookup. */
        HEAP;

        static Memory of(Instruction load) {
            if (load.op() == Op.CTX_LOAD) {
                return load.type() == Type.PACKET || load.type() == Type.PACKET_END ? PACKET_BOUNDS : CONTEXT;
            }
            return load.op() == Op.LOAD && load.operand(0).type().nonNull() != Type.STACK ? HEAP : null;
        }

        boolean clobberedBy(Instruction i) {
            if (i.changesPacket()) return true;
            return switch (this) {
                case PACKET_BOUNDS -> false;
                case CONTEXT -> i.op() == Op.CTX_STORE || i.op().isCall() && i.operands().stream().anyMatch(v -> v.type() == Type.CTX);
                case HEAP -> (i.op() == Op.STORE || i.op() == Op.ATOMIC) && i.operand(0).type().nonNull() != Type.STACK
                        || i.op().isCall() && i.op() != Op.MAP_LOOKUP;
            };
        }

        boolean clobberedBy(List<Instruction> code) {
            for (Instruction i : code) if (clobberedBy(i)) return true;
            return false;
        }
    }

    @Override
    public boolean run(Function f) {
        Dominators dom = new Dominators(f);
        Map<Block, List<Block>> children = Edits.domChildren(dom);
        boolean[] changed = {false};
        walk(f, f.entry(), children, f.predecessors(), new HashMap<>(), changed);
        return changed[0];
    }

    private void walk(Function f, Block b, Map<Block, List<Block>> children, Map<Block, List<Block>> preds,
                      Map<Key, Instruction> available, boolean[] changed) {
        Map<Key, Instruction> scope = new HashMap<>(available);
        for (Instruction i : new ArrayList<>(b.instructions())) {
            Memory m = Memory.of(i);
            if (m == null && !isPure(i.op())) continue;
            Key k = key(i);
            Instruction prior = scope.get(k);
            if (prior != null && (m == null || unclobbered(prior, i, m, preds))) {
                Edits.replace(f, i, prior);
                changed[0] = true;
            } else {
                scope.put(k, i);
            }
        }
        for (Block c : children.getOrDefault(b, List.of())) walk(f, c, children, preds, scope, changed);
    }

    /**
     * Whether no path from {@code def} to {@code use} (which it dominates) passes an instruction
     * that may write {@code m}: the rest of def's block, every block such a path crosses (found
     * walking back from use's block up to def's), and use's block before it, or all of it when a
     * path comes round to it again.
     */
    private static boolean unclobbered(Instruction def, Instruction use, Memory m, Map<Block, List<Block>> preds) {
        Block a = def.block(), b = use.block();
        List<Instruction> codeA = a.instructions(), codeB = b.instructions();
        if (a == b) return !m.clobberedBy(codeA.subList(codeA.indexOf(def) + 1, codeA.indexOf(use)));
        if (m.clobberedBy(codeA.subList(codeA.indexOf(def) + 1, codeA.size()))) return false;
        if (m == Memory.PACKET_BOUNDS && !singlePredecessorChain(a, b, preds) && !rangeSettled(def, b, preds)) return false;
        Set<Block> crossed = new HashSet<>();
        Deque<Block> work = new ArrayDeque<>(preds.get(b));
        while (!work.isEmpty()) {
            Block x = work.pop();
            if (x == a || !crossed.add(x)) continue;
            if (x != b && m.clobberedBy(x.instructions())) return false;
            work.addAll(preds.get(x));
        }
        return !m.clobberedBy(crossed.contains(b) ? codeB : codeB.subList(0, codeB.indexOf(use)));
    }

    /**
     * Whether {@code b} is reached from {@code a} through blocks of one predecessor each: packet
     * bounds are reused there without further question.
     */
    private static boolean singlePredecessorChain(Block a, Block b, Map<Block, List<Block>> preds) {
        for (Block x = b; x != a; x = preds.get(x).get(0)) {
            if (preds.get(x).size() != 1) return false;
        }
        return true;
    }

    /**
     * Whether {@code data} (or {@code data_end}) loaded by {@code def} may stay live across the
     * merges up to block {@code b}. The verifier prunes a path at a merge only when each live
     * packet pointer's checked range is at least the one of a state already seen there, and a
     * check of {@code data + offset} widens the range of every pointer to the packet start (they
     * share one id) whenever the verifier knows the offset: a constant, or a loop counter it tracks
     * exactly. One {@code data} live across a loop's back edge thus splits the states at the loop
     * head by range in every iteration, compounding (a fuzzed five-iteration loop went past the
     * million-instruction limit, where reloading {@code data} in the loop kept it dead there), so
     * the way from def to b may not contain a cycle; and every merge on it must be entered with one
     * range from all sides, as far as constant checks tell. {@code data_end} has no range but
     * follows the same rule: kept live through a whole program it holds a callee-saved register,
     * and what spills for it may be a bounds-checked index that 6.1's verifier, reloading it from
     * its slot after the check, no longer knows bounded (a fuzzed program, seed 31337).
     */
    private static boolean rangeSettled(Instruction def, Block b, Map<Block, List<Block>> preds) {
        Block a = def.block();
        Set<Block> reachesB = new HashSet<>();
        Deque<Block> work = new ArrayDeque<>(List.of(b));
        while (!work.isEmpty()) {
            Block x = work.pop();
            if (x != a && reachesB.add(x)) work.addAll(preds.get(x));
        }
        Map<Block, Long> rangeIn = new HashMap<>();
        Deque<Block> pending = new ArrayDeque<>();
        propagate(a, 0, reachesB, rangeIn, pending);
        while (!pending.isEmpty()) {
            Block x = pending.pop();
            long range = rangeIn.get(x);
            if (range == VARIES) return false;
            propagate(x, range, reachesB, rangeIn, pending);
        }
        return !hasCycle(rangeIn.keySet());
    }

    private static boolean hasCycle(Set<Block> region) {
        for (Block x : region) {
            Set<Block> seen = new HashSet<>();
            Deque<Block> work = new ArrayDeque<>(x.successors());
            while (!work.isEmpty()) {
                Block y = work.pop();
                if (y == x) return true;
                if (region.contains(y) && seen.add(y)) work.addAll(y.successors());
            }
        }
        return false;
    }

    /** A range that differs between the paths into a block. */
    private static final long VARIES = -1;

    /** Passes {@code range}, as {@code x}'s checks leave it on each way out, to x's successors between def and the use. */
    private static void propagate(Block x, long range, Set<Block> region, Map<Block, Long> rangeIn, Deque<Block> pending) {
        Instruction t = x.terminator();
        Instruction checked = nullTestedHeader(t);
        for (Instruction i : x.instructions()) {
            if (i != checked && constantHeader(i) && !onlyAccessedOrTested(i)) range = VARIES;
        }
        for (Block s : x.successors()) {
            long out = range;
            if (checked != null && range != VARIES) {
                Block ok = t.targets().get(t.cmp() == Cmp.NE ? 0 : 1), fail = t.targets().get(t.cmp() == Cmp.NE ? 1 : 0);
                long widened = Math.max(range, ((Constant) checked.operand(1)).value() + checked.size());
                if (ok == fail) out = widened == range ? range : VARIES;
                else if (s == ok) out = widened;
            }
            if (!region.contains(s)) continue;
            Long before = rangeIn.get(s);
            long after = before == null || before == out ? out : VARIES;
            if (before == null || before != after) {
                rangeIn.put(s, after);
                pending.push(s);
            }
        }
    }

    /** The constant-offset header {@code t} tests for null, or null. */
    private static Instruction nullTestedHeader(Instruction t) {
        if (t.op() != Op.COND_BR || (t.cmp() != Cmp.EQ && t.cmp() != Cmp.NE)) return null;
        Value h = t.operand(0) instanceof Constant ? t.operand(1) : t.operand(0);
        Value other = h == t.operand(0) ? t.operand(1) : t.operand(0);
        return other instanceof Constant && constantHeader(h) ? (Instruction) h : null;
    }

    /** A header at a constant offset from {@code data} itself (one from another header widens that header's range only). */
    private static boolean constantHeader(Value v) {
        return v instanceof Instruction h && h.op() == Op.PACKET_HEADER && h.operand(1) instanceof Constant
                && h.operand(0) instanceof Instruction base && base.op() == Op.CTX_LOAD;
    }

    /**
     * Whether the header is only accessed and null-tested by branches (the check happens at each
     * test); one merged as a value is checked where it is computed, with both outcomes going on.
     */
    private static boolean onlyAccessedOrTested(Instruction header) {
        for (Instruction u : header.block().function().instructions()) {
            if (!u.operands().contains(header)) continue;
            switch (u.op()) {
                case LOAD, STORE, ATOMIC, PTR_ADD, COND_BR -> { }
                default -> { return false; }
            }
        }
        return true;
    }

    private static boolean isPure(Op op) {
        return (op.isArithmetic() && op != Op.PHI) || op == Op.PACKET_HEADER || op == Op.PTR_ADD || op == Op.MAP_ADDR || op == Op.GLOBAL_ADDR;
    }

    private static Key key(Instruction i) {
        List<Value> ops = new ArrayList<>(i.operands());
        if (i.op().isCommutative() && ops.size() == 2 && order(ops.get(0)) > order(ops.get(1))) {
            ops.add(ops.remove(0));
        }
        return new Key(i.op(), i.type(), ops, i.offset(), i.size(), i.signExtends(), i.symbol());
    }

    private static int order(Value v) {
        return v instanceof Instruction ? ((Instruction) v).id() : Objects.hashCode(v.ref()) & 0x7fffffff | 0x40000000;
    }
}
