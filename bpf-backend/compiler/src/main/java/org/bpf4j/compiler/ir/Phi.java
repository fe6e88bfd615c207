package org.bpf4j.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An SSA phi: operand {@code i} is the value arriving from {@link #incomingBlocks()}{@code .get(i)}.
 * Phis sit at the start of a block and have one entry per predecessor.
 */
public final class Phi extends Instruction {
    private final List<Block> incomingBlocks = new ArrayList<>();

    Phi(int id, Type type, SourcePos pos) {
        super(id, Op.PHI, type, List.of(), new Attrs(), List.of(), pos);
    }

    /** Adds the value arriving from predecessor {@code from}. */
    public Phi addIncoming(Block from, Value value) {
        if (value.type() != type()) {
            throw new IrException("phi " + ref() + " of type " + type() + " cannot take " + value.ref() + " of type " + value.type());
        }
        incomingBlocks.add(from);
        addOperandInternal(value);
        return this;
    }

    public List<Block> incomingBlocks() { return Collections.unmodifiableList(incomingBlocks); }

    /** The value arriving from {@code pred}, or null if {@code pred} is not an incoming block. */
    public Value incomingFrom(Block pred) {
        int i = incomingBlocks.indexOf(pred);
        return i < 0 ? null : operand(i);
    }

    /** Removes the entry of {@code pred} (when that edge disappears). */
    public void removeIncoming(Block pred) {
        int i = incomingBlocks.indexOf(pred);
        if (i >= 0) {
            incomingBlocks.remove(i);
            removeOperandInternal(i);
        }
    }

    /** Renames an incoming edge (when {@code from} is merged into or split by {@code to}). */
    public void replaceIncomingBlock(Block from, Block to) {
        int i = incomingBlocks.indexOf(from);
        if (i >= 0) incomingBlocks.set(i, to);
    }
}
