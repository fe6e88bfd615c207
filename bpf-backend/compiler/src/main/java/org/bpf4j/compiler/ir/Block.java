package org.bpf4j.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A basic block: phis first, then ordinary instructions, then exactly one terminator. */
public final class Block {
    private final String name;
    private final List<Instruction> instructions = new ArrayList<>();
    Function function;

    Block(String name, Function function) {
        this.name = name;
        this.function = function;
    }

    public String name() { return name; }

    public Function function() { return function; }

    public List<Instruction> instructions() { return Collections.unmodifiableList(instructions); }

    public List<Phi> phis() {
        List<Phi> out = new ArrayList<>();
        for (Instruction i : instructions) {
            if (i instanceof Phi) out.add((Phi) i);
            else break;
        }
        return out;
    }

    /** The terminator, or null while the block is still being built. */
    public Instruction terminator() {
        if (instructions.isEmpty()) return null;
        Instruction last = instructions.get(instructions.size() - 1);
        return last.isTerminator() ? last : null;
    }

    public boolean isTerminated() { return terminator() != null; }

    /** Successor blocks, in terminator target order (empty for RETURN). */
    public List<Block> successors() {
        Instruction t = terminator();
        return t == null ? List.of() : t.targets();
    }

    /** Appends {@code i} (used by the builder and passes). */
    public void append(Instruction i) {
        if (isTerminated()) throw new IrException("block " + name + " is already terminated; cannot append " + i.op());
        add(instructions.size(), i);
    }

    /** Inserts {@code i} right before {@code before}, which must be in this block. */
    public void insertBefore(Instruction before, Instruction i) {
        int at = instructions.indexOf(before);
        if (at < 0) throw new IrException(before.ref() + " is not in block " + name);
        add(at, i);
    }

    private void add(int at, Instruction i) {
        if (i.block != null) throw new IrException(i.ref() + " is already in block " + i.block.name());
        instructions.add(at, i);
        i.block = this;
    }

    /** Removes {@code i}; its uses must already be gone. */
    public void remove(Instruction i) {
        if (!instructions.remove(i)) throw new IrException(i.ref() + " is not in block " + name);
        i.block = null;
    }

    /** Moves all instructions of {@code other} (which loses them) to the end of this block. */
    public void absorb(Block other) {
        for (Instruction i : new ArrayList<>(other.instructions)) {
            other.remove(i);
            append(i);
        }
    }

    @Override
    public String toString() { return name; }
}
