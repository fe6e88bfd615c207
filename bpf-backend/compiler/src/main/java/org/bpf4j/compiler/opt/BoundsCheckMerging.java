package org.bpf4j.compiler.opt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Dominators;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Value;

/**
 * Merges packet bounds checks. A header whose bytes an earlier, dominating check already covers
 * needs no check of its own. A later check reaching further is moved into the earlier one when
 * that cannot be observed: the code between them has no side effects and every way out of it
 * other than through the later check (including the later check's failure) returns the same
 * constant as the earlier check's failure. {@code eth}, {@code ip} and {@code udp} headers then
 * cost one comparison instead of three.
 */
public final class BoundsCheckMerging implements Pass {

    /** A null test of a constant-offset header: the branch, its header, and where it goes. */
    private record Check(Instruction branch, Instruction header, long offset, Block fail, Block ok) {
        long end() { return offset + header.size(); }
    }

    @Override
    public boolean run(Function f) {
        Dominators dom = new Dominators(f);
        Map<Block, List<Block>> preds = f.predecessors();
        Map<Value, List<Instruction>> users = Edits.users(f);
        for (Block x1 : dom.reversePostOrder()) {
            Check c1 = check(x1);
            if (c1 == null || preds.get(c1.ok()).size() != 1) continue;
            for (Block x2 : dom.reversePostOrder()) {
                Check c2 = check(x2);
                if (c2 == null || c2.header() == c1.header() || !dom.dominates(c1.ok(), x2)) continue;
                if (c2.header().operand(0) != c1.header().operand(0) || c2.header().operand(2) != c1.header().operand(2)) continue;
                if (c2.offset() < 0 || c1.offset() < 0 || !onlyTestedOnce(c2, users)) continue;
                boolean covered = c2.offset() >= c1.offset() && c2.end() <= c1.end();
                if (covered || (c2.end() > c1.end() && unobservable(c1, c2, x2))) {
                    merge(f, c1, c2, Math.max(c1.end(), c2.end()) - c1.offset());
                    return true;
                }
            }
        }
        return false;
    }

    private static Check check(Block b) {
        Instruction br = b.terminator();
        if (br == null || br.op() != Op.COND_BR || (br.cmp() != Cmp.EQ && br.cmp() != Cmp.NE)) return null;
        Value h = br.operand(0) instanceof Constant ? br.operand(1) : br.operand(0);
        Value other = h == br.operand(0) ? br.operand(1) : br.operand(0);
        if (!(other instanceof Constant) || !(h instanceof Instruction) || ((Instruction) h).op() != Op.PACKET_HEADER) return null;
        Instruction header = (Instruction) h;
        if (!(header.operand(1) instanceof Constant)) return null;
        int nullSide = br.cmp() == Cmp.EQ ? 0 : 1;
        // a test whose both ways meet at once (its loaded value died) proves nothing on either way
        if (br.targets().get(0) == br.targets().get(1)) return null;
        return new Check(br, header, ((Constant) header.operand(1)).value(), br.targets().get(nullSide), br.targets().get(1 - nullSide));
    }

    /** The header's only null test is this branch (its other uses are accesses). */
    private static boolean onlyTestedOnce(Check c, Map<Value, List<Instruction>> users) {
        for (Instruction u : users.getOrDefault(c.header(), List.of())) {
            if (u != c.branch() && (u.op() == Op.COND_BR || u.op() == Op.PHI)) return false;
        }
        return true;
    }

    /** From c1's success to c2, nothing has effects and every exit returns what c1's failure returns. */
    private static boolean unobservable(Check c1, Check c2, Block x2) {
        Value failReturn = returnedConstant(c1.fail());
        if (failReturn == null || !equivalentExit(c2.fail(), c1.fail(), failReturn)) return false;
        Set<Block> seen = new HashSet<>();
        Deque<Block> work = new ArrayDeque<>();
        work.push(c1.ok());
        while (!work.isEmpty()) {
            Block z = work.pop();
            if (!seen.add(z)) continue;
            if (z != x2 && equivalentExit(z, c1.fail(), failReturn)) continue;
            for (Instruction i : z.instructions()) {
                if (i.op().hasSideEffects() && i.op() != Op.BR && i.op() != Op.COND_BR) return false;
            }
            if (z != x2) work.addAll(z.successors());
        }
        return true;
    }

    private static Value returnedConstant(Block b) {
        List<Instruction> ins = b.instructions();
        if (ins.size() != 1 || ins.get(0).op() != Op.RETURN || ins.get(0).operands().isEmpty()) return null;
        return ins.get(0).operand(0) instanceof Constant ? ins.get(0).operand(0) : null;
    }

    private static boolean equivalentExit(Block z, Block fail, Value failReturn) {
        return z == fail || Edits.isReturnOf(z, failReturn);
    }

    private static void merge(Function f, Check c1, Check c2, long size) {
        Instruction h1 = c1.header();
        FunctionBuilder b = FunctionBuilder.editing(f);
        if (size != h1.size()) {
            b.positionBefore(h1).at(h1.pos());
            Value wider = b.packetHeader(h1.operand(0), h1.operand(1), (int) size, h1.operand(2));
            Edits.replace(f, h1, wider);
            h1 = (Instruction) wider;
        }
        Block x2 = c2.branch().block();
        b.positionBefore(c2.branch()).at(c2.header().pos());
        Value h2 = b.ptrAdd(h1, Constant.i64(c2.offset() - c1.offset()));
        Edits.branchTo(f, x2, c2.ok());
        Edits.replace(f, c2.header(), h2);
    }
}
