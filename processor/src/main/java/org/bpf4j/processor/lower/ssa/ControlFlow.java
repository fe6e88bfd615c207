package org.bpf4j.processor.lower.ssa;

import java.util.ArrayList;
import java.util.BitSet;
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
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Value;

/**
 * The function under construction seen as structured control flow: blocks, branches, SSA
 * variables and, per block, what holds on the paths that reach it: the maybe-null pointers
 * proven non-null on every path (behind "used before its null check" errors), and the ring
 * buffer records reserved but not yet released, or already released, on some path (behind
 * "not submitted" and "used after submit" errors), the bytes of each record written on every path
 * since its reserve (behind "read before written" errors: the kernel does not zero a record), and
 * the packet pointers a helper that may move the packet made stale on some path (behind "read the
 * header again" errors).
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
    /** The size in bytes of each record reserve() returned in this function. */
    private final Map<Value, Integer> recordSizes = new HashMap<>();

    /**
     * Pointers known non-null on every path; records reserved (not released) or released on some
     * path; per record, the bytes written on every path since its reserve.
     */
    private static final class Facts {
        final Set<Value> nonNull = new HashSet<>();
        final Set<Value> reserved = new HashSet<>();
        final Set<Value> released = new HashSet<>();
        final Set<Value> stale = new HashSet<>();
        final Map<Value, BitSet> written = new HashMap<>();

        Facts copy() {
            Facts f = new Facts();
            f.nonNull.addAll(nonNull);
            f.reserved.addAll(reserved);
            f.released.addAll(released);
            f.stale.addAll(stale);
            written.forEach((record, bytes) -> f.written.put(record, (BitSet) bytes.clone()));
            return f;
        }

        /**
         * What holds where this path and {@code other} join. A record reserved on one side only is
         * not usable after the join (its reserve does not dominate it): it is no longer tracked.
         */
        void join(Facts other) {
            nonNull.retainAll(other.nonNull);
            reserved.addAll(other.reserved);
            released.addAll(other.released);
            stale.addAll(other.stale);
            written.keySet().retainAll(other.written.keySet());
            written.forEach((record, bytes) -> bytes.and(other.written.get(record)));
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
            if (out.written.containsKey(tested)) {
                out.written.get(tested).set(0, recordSizes.get(tested)); // and has no bytes to read
            }
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

    /**
     * A ring buffer record of {@code size} bytes just reserved: it must be released on every path
     * that finds it non-null, and none of its {@code members} bytes is written yet. Its padding
     * counts as written: no Java code reads it, and a copy of the whole record may carry it.
     */
    public void reserved(Value record, int size, BitSet members) {
        facts.reserved.add(record);
        recordSizes.put(record, size);
        BitSet padding = new BitSet(size);
        padding.set(0, size);
        padding.andNot(members);
        facts.written.put(record, padding);
    }

    /** {@code size} bytes at {@code pointer + offset} are written from here on, if they are in a record this tracks. */
    public void written(Value pointer, int offset, int size) {
        RecordBytes at = recordBytes(pointer, offset);
        if (at != null && facts.written.containsKey(at.record)) {
            facts.written.get(at.record).set(Math.max(0, at.offset), Math.max(0, at.offset + size));
        }
    }

    /**
     * Whether the {@code size} bytes at {@code pointer + offset} may be read: false only for bytes
     * of a reserved record that some path reaching here has not written since the reserve.
     * Addresses with a run-time index are not resolved here; their readers ask for the whole array.
     */
    public boolean isWritten(Value pointer, int offset, int size) {
        RecordBytes at = recordBytes(pointer, offset);
        if (at == null || !facts.written.containsKey(at.record)) {
            return true;
        }
        return facts.written.get(at.record).nextClearBit(at.offset) >= at.offset + size;
    }

    private record RecordBytes(Value record, int offset) {}

    /**
     * A loop {@code for (k = start; k < end; k++)} (no break) being lowered: an element written
     * at index {@code k} before any branch of its body is written for every k in [start, end)
     * once the loop exits, which is what makes the usual fill loop count as writing the array.
     */
    private static final class CountedLoop {
        final Value counter;
        final long start;
        final long end;
        Block straight;
        final List<Cover> covered = new ArrayList<>();

        CountedLoop(Value counter, long start, long end, Block body) {
            this.counter = counter;
            this.start = start;
            this.end = end;
            this.straight = body;
        }
    }

    /** Bytes at {@code pointer + offset} a counted loop writes. */
    private record Cover(Value pointer, int offset, int size) {}

    private final List<CountedLoop> loops = new ArrayList<>();

    /** Entering the body of a counted loop whose counter is {@code counter} here, stepping by 1 from {@code start} below {@code end}. */
    public void countedLoopBody(Value counter, long start, long end) {
        loops.add(new CountedLoop(counter, start, end, builder.currentBlock()));
    }

    /** Whether a write at {@code index} is one every iteration of the innermost counted loop makes, at its counter. */
    public boolean isCounterWrite(Value index) {
        CountedLoop loop = loops.isEmpty() ? null : loops.get(loops.size() - 1);
        return loop != null && loop.counter.equals(index) && loop.straight == builder.currentBlock();
    }

    /**
     * An element of {@code elementSize} bytes of the array of {@code length} at {@code pointer + offset}
     * written at the innermost loop's counter (after {@link #isCounterWrite}): the body stays straight-line
     * through the bounds check.
     */
    public void counterWritten(Value pointer, int offset, int elementSize, int length) {
        CountedLoop loop = loops.get(loops.size() - 1);
        loop.straight = builder.currentBlock();
        long from = Math.max(0, loop.start);
        long to = Math.min(length, loop.end);
        if (from < to) {
            loop.covered.add(new Cover(pointer, offset + (int) from * elementSize, (int) (to - from) * elementSize));
        }
    }

    /** Leaving the innermost counted loop at its exit: the elements its counter wrote are written, unless {@code broken}. */
    public void countedLoopExited(boolean broken) {
        CountedLoop loop = loops.remove(loops.size() - 1);
        if (!broken) {
            for (Cover c : loop.covered) {
                written(c.pointer, c.offset, c.size);
            }
        }
    }

    /** The reserved record {@code pointer + offset} is in, and the offset from its start; null elsewhere or at a run-time offset. */
    private RecordBytes recordBytes(Value pointer, int offset) {
        long total = offset;
        Value p = pointer;
        while (p instanceof Instruction i && i.op() == Op.PTR_ADD) {
            if (!(i.operand(1) instanceof Constant c)) {
                return null;
            }
            total += c.value();
            p = i.operand(0);
        }
        return recordSizes.containsKey(p) ? new RecordBytes(p, (int) total) : null;
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
