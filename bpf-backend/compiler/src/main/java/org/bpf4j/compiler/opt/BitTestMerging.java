package org.bpf4j.compiler.opt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Value;

/**
 * Two branches on bits of one value become one: where the second test is reached only from the
 * first and fails to where the first fails ({@code (flags & SYN) != 0 && (flags & ACK) == 0},
 * or {@code ||} of two bit tests), both pass exactly when {@code (x & (A | B)) == (a | b)}. A
 * test reads as "the masked bits equal a pattern" on the edge that goes on: a compare of
 * {@code x & M} with a constant, on its equal edge, or on its other edge when {@code M} is one
 * bit (a one bit that is not 1 is 0). Each mask must feed its branch only, so no value the
 * verifier bounded by the branch is left unbounded.
 */
public final class BitTestMerging implements Pass {
    /** On the edge to {@code onward}: {@code (x & mask) == pattern}; to {@code otherwise}: not. */
    private record BitTest(Value x, long mask, long pattern, Block onward, Block otherwise) {}

    @Override
    public boolean run(Function f) {
        boolean changed = false;
        while (mergeOne(f)) changed = true;
        return changed;
    }

    private static boolean mergeOne(Function f) {
        Map<Block, List<Block>> preds = f.predecessors();
        Map<Value, List<Instruction>> users = Edits.users(f);
        for (Block first : f.blocks()) {
            Instruction br1 = first.terminator();
            if (br1.op() != Op.COND_BR) continue;
            for (Block second : br1.targets()) {
                if (second == first || second == f.entry() || preds.get(second).size() != 1 || !onlyMasks(second)) continue;
                BitTest t1 = bitTest(br1, second, users);
                if (t1 == null) continue;
                Instruction br2 = second.terminator();
                for (Block onward : br2.targets()) {
                    BitTest t2 = bitTest(br2, onward, users);
                    if (t2 == null || t2.x() != t1.x() || t2.otherwise() != t1.otherwise() || onward == first) continue;
                    if (((t1.pattern() ^ t2.pattern()) & t1.mask() & t2.mask()) != 0) continue;   // never both: left to the folds
                    Constant mask = Constant.of(t1.x().type(), t1.mask() | t2.mask());
                    Constant pattern = Constant.of(t1.x().type(), t1.pattern() | t2.pattern());
                    if (!mask.fitsImm32() || !pattern.fitsImm32() || !samePhiInputs(t1.otherwise(), first, second)) continue;
                    merge(f, first, second, t1.x(), mask, pattern, onward, t1.otherwise());
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code b} holds nothing but masks and its branch, so testing its bits in its predecessor costs no other work. */
    private static boolean onlyMasks(Block b) {
        for (Instruction i : b.instructions()) {
            if (i != b.terminator() && (i.op() != Op.AND || !(i.operand(0) instanceof Constant || i.operand(1) instanceof Constant))) return false;
        }
        return true;
    }

    /** What {@code br} tests on its edge to {@code onward}, or null when it is no test of bits read by it alone. */
    private static BitTest bitTest(Instruction br, Block onward, Map<Value, List<Instruction>> users) {
        if (br.op() != Op.COND_BR || (br.cmp() != Cmp.EQ && br.cmp() != Cmp.NE)) return null;
        List<Block> targets = br.targets();
        if (targets.get(0) == targets.get(1)) return null;
        Value tested = br.operand(0);
        if (!(tested instanceof Instruction and) || and.op() != Op.AND || !(br.operand(1) instanceof Constant c)) return null;
        if (!tested.type().isRegisterInteger() || users.get(and).size() != 1) return null;
        int side = and.operand(1) instanceof Constant ? 1 : and.operand(0) instanceof Constant ? 0 : -1;
        if (side < 0) return null;
        Value x = and.operand(1 - side);
        long mask = ((Constant) and.operand(side)).value(), pattern = c.value();
        if ((pattern & ~mask) != 0) return null;
        Block onEqual = targets.get(br.cmp() == Cmp.EQ ? 0 : 1), onOther = targets.get(br.cmp() == Cmp.EQ ? 1 : 0);
        if (onward == onEqual) return new BitTest(x, mask, pattern, onEqual, onOther);
        if (Long.bitCount(mask) != 1) return null;
        return new BitTest(x, mask, pattern ^ mask, onOther, onEqual);
    }

    /** The phis of {@code target} receive the same value from {@code a} and {@code b}. */
    private static boolean samePhiInputs(Block target, Block a, Block b) {
        for (Phi p : target.phis()) if (p.incomingFrom(a) != p.incomingFrom(b)) return false;
        return true;
    }

    /** {@code first} tests {@code (x & mask) == pattern} to {@code onward} or {@code otherwise}; {@code second} goes. */
    private static void merge(Function f, Block first, Block second, Value x, Constant mask, Constant pattern, Block onward, Block otherwise) {
        Instruction br1 = first.terminator(), br2 = second.terminator();
        for (Instruction i : new ArrayList<>(second.instructions())) {
            if (i == br2) break;
            second.remove(i);
            first.insertBefore(br1, i);
        }
        for (Phi p : onward.phis()) p.replaceIncomingBlock(second, first);
        for (Phi p : otherwise.phis()) p.removeIncoming(second);
        second.remove(br2);
        f.removeBlock(second);
        FunctionBuilder fb = FunctionBuilder.editing(f).positionBefore(br1).at(br1.pos());
        Value bits = fb.and(x, mask);
        first.remove(br1);
        fb.setBlock(first).at(br2.pos()).condBr(Cmp.EQ, bits, pattern, onward, otherwise);
    }
}
