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
        walk(f, f.entry(), children, dom, f.predecessors(), new HashMap<>(), changed);
        return changed[0];
    }

    private void walk(Function f, Block b, Map<Block, List<Block>> children, Dominators dom, Map<Block, List<Block>> preds,
                      Map<Key, Instruction> available, boolean[] changed) {
        Map<Key, Instruction> scope = new HashMap<>(available);
        for (Instruction i : new ArrayList<>(b.instructions())) {
            Memory m = Memory.of(i);
            if (m == null && !isPure(i.op())) continue;
            Key k = key(i);
            Instruction prior = scope.get(k);
            if (prior != null && (m == null || unclobbered(prior, i, m, dom, preds))) {
                Edits.replace(f, i, prior);
                changed[0] = true;
            } else {
                scope.put(k, i);
            }
        }
        for (Block c : children.getOrDefault(b, List.of())) walk(f, c, children, dom, preds, scope, changed);
    }

    /**
     * Whether no path from {@code def} to {@code use} (which it dominates) passes an instruction
     * that may write {@code m}: the rest of def's block, every block such a path crosses (found
     * walking back from use's block up to def's), and use's block before it, or all of it when a
     * path comes round to it again.
     */
    private static boolean unclobbered(Instruction def, Instruction use, Memory m, Dominators dom, Map<Block, List<Block>> preds) {
        Block a = def.block(), b = use.block();
        List<Instruction> codeA = a.instructions(), codeB = b.instructions();
        if (a == b) return !m.clobberedBy(codeA.subList(codeA.indexOf(def) + 1, codeA.indexOf(use)));
        if (m.clobberedBy(codeA.subList(codeA.indexOf(def) + 1, codeA.size()))) return false;
        if (m == Memory.PACKET_BOUNDS && !singlePredecessorChain(a, b, preds) && !rangeSettled(def, b, dom, preds)) return false;
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
     * exactly. So every merge on the way from def to b must be entered with one range from all
     * sides, as far as the checks tell (a check at an offset we do not know leaves a range only
     * that check after that range gives). A loop head is exempt: the verifier walks a bounded loop
     * one iteration at a time, its states there told apart by the counter anyway; but a range
     * left by an iteration differs from the next one's, so the way may not leave a loop it enters
     * (a fuzzed five-iteration loop whose arms checked different offsets went past the
     * million-instruction limit with data live through it). {@code data_end} has no range but
     * follows the same rule: kept live through a whole program it holds a callee-saved register,
     * and what spills for it may be a bounds-checked index that 6.1's verifier, reloading it from
     * its slot after the check, no longer knows bounded (a fuzzed program, seed 31337).
     */
    private static boolean rangeSettled(Instruction def, Block b, Dominators dom, Map<Block, List<Block>> preds) {
        Block a = def.block();
        Set<Block> region = Edits.reaching(b, a, preds);
        Map<Block, Set<Block>> loops = new HashMap<>();
        for (Block x : region) {
            for (Block h : x.successors()) {
                if (region.contains(h) && dom.dominates(h, x)) loops.computeIfAbsent(h, k -> new HashSet<>()).addAll(Edits.loopBody(h, x, preds));
            }
        }
        Map<Block, Object> rangeIn = new HashMap<>();
        Deque<Block> pending = new ArrayDeque<>();
        propagate(a, 0L, region, loops, rangeIn, pending);
        while (!pending.isEmpty()) {
            Block x = pending.pop();
            Object range = rangeIn.get(x);
            if (range == VARIES) return false;
            propagate(x, range, region, loops, rangeIn, pending);
        }
        return true;
    }

    /** A range that differs between the paths into a block. */
    private static final Object VARIES = new Object();

    /** The range in a loop's head: one per iteration. */
    private record Iteration(Block head) {}

    /** The range a check at an offset we do not know leaves after {@code before}. */
    private record Checked(Object before, Instruction check) {}

    /**
     * Passes {@code range} (a checked length, or an {@link Iteration} or {@link Checked}), as
     * {@code x}'s checks leave it on each way out, to x's successors between def and the use.
     */
    private static void propagate(Block x, Object range, Set<Block> region, Map<Block, Set<Block>> loops,
                                  Map<Block, Object> rangeIn, Deque<Block> pending) {
        Instruction t = x.terminator();
        Instruction checked = nullTestedHeader(t);
        for (Instruction i : x.instructions()) {
            if (i != checked && dataHeader(i) && !onlyAccessedOrTested(i)) range = VARIES;
        }
        for (Block s : x.successors()) {
            if (!region.contains(s)) continue;
            Object out = range;
            if (checked != null && range != VARIES) {
                Block ok = t.targets().get(t.cmp() == Cmp.NE ? 0 : 1), fail = t.targets().get(t.cmp() == Cmp.NE ? 1 : 0);
                Object widened = checked.operand(1) instanceof Constant c && range instanceof Long known
                        ? (Object) Math.max(known, c.value() + checked.size()) : new Checked(range, checked);
                if (ok == fail) out = widened.equals(range) ? range : VARIES;
                else if (s == ok) out = widened;
            }
            for (Set<Block> body : loops.values()) {
                if (body.contains(x) && !body.contains(s)) out = VARIES;
            }
            if (loops.containsKey(s) && out != VARIES) out = new Iteration(s);
            Object before = rangeIn.get(s);
            Object after = before == null || before.equals(out) ? out : VARIES;
            if (!after.equals(before)) {
                rangeIn.put(s, after);
                pending.push(s);
            }
        }
    }

    /** The header {@code t} tests for null, or null. */
    private static Instruction nullTestedHeader(Instruction t) {
        if (t.op() != Op.COND_BR || (t.cmp() != Cmp.EQ && t.cmp() != Cmp.NE)) return null;
        Value h = t.operand(0) instanceof Constant ? t.operand(1) : t.operand(0);
        Value other = h == t.operand(0) ? t.operand(1) : t.operand(0);
        return other instanceof Constant && dataHeader(h) ? (Instruction) h : null;
    }

    /** A header at an offset from {@code data} itself (one from another header widens that header's range only). */
    private static boolean dataHeader(Value v) {
        return v instanceof Instruction h && h.op() == Op.PACKET_HEADER
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
