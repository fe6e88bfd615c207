package org.bpf4j.processor.lower.ssa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Value;

/**
 * The function under construction seen as structured control flow: blocks, branches, SSA
 * variables and, per block, what holds on the paths that reach it: the maybe-null pointers
 * proven non-null on every path (behind "used before its null check" errors), and the ring
 * buffer records reserved but not yet released, or already released, on some path (behind
 * "not submitted" and "used after submit" errors), and the packet pointers a helper that may move
 * the packet made stale on some path (behind "read the header again" errors).
 */
public final class ControlFlow {
    private final FunctionBuilder builder;
    private final SsaVariables variables;
    private final Map<Block, Facts> entryFacts = new HashMap<>();
    private final Set<Block> reached = new HashSet<>();
    private Facts facts = new Facts();
    /** Every packet pointer made so far: a call that may move the packet makes them all stale. */
    private final Set<Value> packetPointers = new HashSet<>();
    private boolean changesPacket;

    /** Pointers known non-null on every path; records reserved (not released) or released on some path. */
    private static final class Facts {
        final Set<Value> nonNull = new HashSet<>();
        final Set<Value> reserved = new HashSet<>();
        final Set<Value> released = new HashSet<>();
        final Set<Value> stale = new HashSet<>();

        Facts copy() {
            Facts f = new Facts();
            f.nonNull.addAll(nonNull);
            f.reserved.addAll(reserved);
            f.released.addAll(released);
            f.stale.addAll(stale);
            return f;
        }

        /** What holds where this path and {@code other} join. */
        void join(Facts other) {
            nonNull.retainAll(other.nonNull);
            reserved.addAll(other.reserved);
            released.addAll(other.released);
            stale.addAll(other.stale);
        }
    }
    private boolean reachable = true;

    public ControlFlow(FunctionBuilder builder) {
        this.builder = builder;
        this.variables = new SsaVariables(builder);
        Block entry = builder.currentBlock();
        reached.add(entry);
        variables.seal(entry);
    }

    FunctionBuilder builder() {
        return builder;
    }

    public Block newBlock(String name) {
        return builder.newBlock(name);
    }

    /** False after return, break or continue, until a block with a predecessor is entered. */
    public boolean reachable() {
        return reachable;
    }

    /** Continues in {@code block}; it is unreachable when no branch leads there. */
    public void enter(Block block) {
        builder.setBlock(block);
        reachable = reached.contains(block);
        Facts known = entryFacts.get(block);
        facts = known == null ? new Facts() : known.copy();
    }

    /** Enters {@code block} and seals it: every branch to it has been emitted. */
    public void enterSealed(Block block) {
        variables.seal(block);
        enter(block);
    }

    public void seal(Block block) {
        variables.seal(block);
    }

    public void jump(Block target) {
        if (!reachable) {
            return;
        }
        edge(target, null, false);
        builder.br(target);
        reachable = false;
    }

    /** {@code if (a cmp b) goto ifTrue else goto ifFalse}, recording null tests as facts. */
    public void branch(Cmp cmp, Value a, Value b, Block ifTrue, Block ifFalse) {
        if (!reachable) {
            return;
        }
        boolean nullTest = b instanceof Constant c && c.isNull() && (cmp == Cmp.EQ || cmp == Cmp.NE);
        Value tested = nullTest ? a : null;
        edge(ifTrue, tested, nullTest && cmp == Cmp.NE);
        edge(ifFalse, tested, nullTest && cmp == Cmp.EQ);
        builder.condBr(cmp, a, b, ifTrue, ifFalse);
        reachable = false;
    }

    public void ret(Value value) {
        if (!reachable) {
            return;
        }
        builder.ret(value);
        reachable = false;
    }

    /** Records the edge to {@code target}; on a null test of {@code tested}, whether this edge is its non-null one. */
    private void edge(Block target, Value tested, boolean nonNullEdge) {
        variables.addEdge(builder.currentBlock(), target);
        Facts out = facts.copy();
        if (tested != null && nonNullEdge) {
            out.nonNull.add(tested);
        } else if (tested != null) {
            out.reserved.remove(tested); // a null record needs no release
        }
        if (reached.add(target)) {
            entryFacts.put(target, out);
        } else {
            entryFacts.get(target).join(out);
        }
    }

    /** Whether {@code pointer} is known non-null here (no test is needed for non-nullable kinds). */
    public boolean isNonNull(Value pointer) {
        return !pointer.type().isMaybeNull() || facts.nonNull.contains(pointer);
    }

    /** A ring buffer record just reserved: it must be released on every path that finds it non-null. */
    public void reserved(Value record) {
        facts.reserved.add(record);
    }

    /** A record submitted or discarded: no longer usable. */
    public void released(Value record) {
        facts.reserved.remove(record);
        facts.released.add(record);
    }

    public boolean isReleased(Value record) {
        return facts.released.contains(record);
    }

    /** Records still reserved on some path reaching this point. */
    public Set<Value> unreleased() {
        return Set.copyOf(facts.reserved);
    }

    /** A pointer into the packet (a header, or a packet parameter of a BPF function). */
    public void packetPointer(Value pointer) {
        packetPointers.add(pointer);
    }

    /** A call that may move or resize the packet: every packet pointer made before it is stale from here on. */
    public void packetChanged() {
        facts.stale.addAll(packetPointers);
        changesPacket = true;
    }

    public boolean isStale(Value pointer) {
        return facts.stale.contains(pointer);
    }

    /** Whether this function calls something that may move the packet. */
    public boolean changesPacket() {
        return changesPacket;
    }

    public void write(Object variable, Value value) {
        variables.write(variable, builder.currentBlock(), value);
    }

    public Value read(Object variable) {
        return variables.read(variable, builder.currentBlock());
    }

    /** Removes the blocks no branch reached and the phis construction left trivial or unused. */
    public Function finish() {
        Function f = builder.function();
        List<Block> unreached = new ArrayList<>();
        for (Block b : f.blocks()) {
            if (!reached.contains(b)) {
                unreached.add(b);
            }
        }
        unreached.forEach(f::removeBlock);
        SsaVariables.removeTrivialPhis(f);
        SsaVariables.removeUnusedPhis(f);
        // Definitions before uses in block order, and the source order of branches kept as far as possible.
        f.setBlockOrder(f.reversePostOrder());
        return f;
    }
}
