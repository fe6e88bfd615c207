package org.bpf4j.compiler.opt;

import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.compiler.opt.ValueRanges.Range;

/**
 * Uses {@link ValueRanges}: a branch whose outcome the ranges decide goes one way (a byte read
 * tested {@code < 0}, a loop counter tested against a bound it never reaches), and a sign
 * extension of a value that is never negative becomes a zero extension, which costs nothing
 * after a 32-bit operation (a loop counter added to a packet offset).
 */
public final class RangeFolding implements Pass {

    @Override
    public boolean run(Function f) {
        ValueRanges ranges = new ValueRanges(f);
        boolean changed = false;
        for (Block b : f.blocks()) {
            for (Instruction i : b.instructions().toArray(new Instruction[0])) {
                if (i.op() == Op.SEXT && ranges.at(i.operand(0), b).nonNegative()
                        && ranges.at(i.operand(0), b).hi() < 1L << (8 * i.size() - 1)) {
                    Value z = FunctionBuilder.editing(f).positionBefore(i).at(i.pos()).zext(i.operand(0), i.size(), i.type());
                    Edits.replace(f, i, z);
                    changed = true;
                } else if (i.op() == Op.COND_BR && i.operand(0).type().isRegisterInteger()) {
                    Boolean outcome = outcome(i.cmp(), ranges.at(i.operand(0), b), ranges.at(i.operand(1), b));
                    if (outcome != null) {
                        Edits.branchTo(f, b, i.targets().get(outcome ? 0 : 1));
                        changed = true;
                    }
                }
            }
        }
        return changed;
    }

    /** Whether {@code a cmp b} holds for every value of the ranges, fails for every one, or null. */
    static Boolean outcome(Cmp cmp, Range a, Range b) {
        if (a.isEmpty() || b.isEmpty()) return null;
        switch (cmp) {
            case EQ: case NE: {
                Boolean eq = a.lo() == a.hi() && b.lo() == b.hi() && a.lo() == b.lo() ? Boolean.TRUE : a.hi() < b.lo() || b.hi() < a.lo() ? Boolean.FALSE : null;
                return eq == null ? null : cmp == Cmp.EQ ? eq : !eq;
            }
            case SLT: return a.hi() < b.lo() ? Boolean.TRUE : a.lo() >= b.hi() ? Boolean.FALSE : null;
            case SLE: return a.hi() <= b.lo() ? Boolean.TRUE : a.lo() > b.hi() ? Boolean.FALSE : null;
            case SGT: return outcome(Cmp.SLT, b, a);
            case SGE: return outcome(Cmp.SLE, b, a);
            default:
                // on values never negative, unsigned order is signed order
                if (!a.nonNegative() || !b.nonNegative()) return null;
                return outcome(Cmp.valueOf("S" + cmp.name().substring(1)), a, b);
        }
    }
}
