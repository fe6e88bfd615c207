package org.bpf4j.compiler.opt;

import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;

/** Replaces uses of a COPY that changes nothing (same type as its operand) by the operand. */
public final class CopyPropagation implements Pass {
    @Override
    public boolean run(Function f) {
        boolean changed = false;
        for (Instruction i : f.instructions()) {
            if (i.op() == Op.COPY && i.operand(0).type() == i.type()) {
                Edits.replace(f, i, i.operand(0));
                changed = true;
            }
        }
        return changed;
    }
}
