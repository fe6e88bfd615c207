package org.bpf4j.compiler.mir;

import java.util.ArrayList;
import java.util.List;

/** A machine basic block; control falls through to the next block of the function unless the last instruction ends the block. */
public final class MBlock {
    private final String name;
    private final List<MInsn> insns = new ArrayList<>();

    MBlock(String name) {
        this.name = name;
    }

    public String name() { return name; }

    /** The instructions; mutable, for selection, allocation and peephole. */
    public List<MInsn> insns() { return insns; }

    public MBlock add(MInsn i) {
        insns.add(i);
        return this;
    }

    /** Whether control can continue into the next block. */
    public boolean fallsThrough() {
        return insns.isEmpty() || !insns.get(insns.size() - 1).insn().endsBlock();
    }

    @Override
    public String toString() { return name; }
}
