package org.bpf4j.compiler.mir;

import java.util.ArrayList;
import java.util.List;
import org.bpf4j.compiler.regalloc.Frame;
import org.bpf4j.compiler.regalloc.MRegs;

/** A function in machine instructions: blocks in layout order, the first being the entry. */
public final class MFunction {
    private final String name;
    private final List<MBlock> blocks = new ArrayList<>();
    private final Frame frame;
    private int nextVreg = MRegs.FIRST_VIRTUAL;

    public MFunction(String name) {
        this.name = name;
        this.frame = new Frame(name);
    }

    public String name() { return name; }

    public Frame frame() { return frame; }

    /** Blocks in layout order; mutable. */
    public List<MBlock> blocks() { return blocks; }

    public MBlock newBlock(String blockName) {
        MBlock b = new MBlock(blockName);
        blocks.add(b);
        return b;
    }

    /** A block not yet placed in the layout (the caller inserts it into {@link #blocks()}). */
    public MBlock detachedBlock(String blockName) { return new MBlock(blockName); }

    public int newVreg() { return nextVreg++; }

    public int vregLimit() { return nextVreg; }

    /** Jump targets plus the fall-through block. */
    public List<MBlock> successors(MBlock b) {
        List<MBlock> s = new ArrayList<>(2);
        for (MInsn i : b.insns()) {
            if (i.target() != null && !s.contains(i.target())) s.add(i.target());
        }
        int at = blocks.indexOf(b);
        if (b.fallsThrough()) {
            if (at + 1 >= blocks.size()) throw new IllegalStateException("block " + b.name() + " of " + name + " falls off the end of the function");
            MBlock next = blocks.get(at + 1);
            if (!s.contains(next)) s.add(next);
        }
        return s;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(":\n");
        for (MBlock b : blocks) {
            sb.append(b.name()).append(":\n");
            for (MInsn i : b.insns()) sb.append("  ").append(i).append('\n');
        }
        return sb.toString();
    }
}
