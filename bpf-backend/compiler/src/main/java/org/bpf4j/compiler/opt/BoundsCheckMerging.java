package org.bpf4j.compiler.opt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Dominators;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/**
 * Merges packet bounds checks. A header whose bytes an earlier, dominating check already covers
 * needs no check of its own: the packet is contiguous, so a check that reaches byte {@code n}
 * covers every byte before it. Offsets are compared as a variable part and a constant: the
 * bytes {@code i} and {@code i + 1} of a scan are checked once, from {@code i}, as the verifier
 * only accepts accesses at or after the checked pointer. A later check reaching further is moved into the earlier one when
 * that cannot be observed: the code between them has no side effects and every way out of it
 * other than through the later check (including the later check's failure) returns the same
 * constant as the earlier check's failure. {@code eth}, {@code ip} and {@code udp} headers then
 * cost one comparison instead of three.
 */
public final class BoundsCheckMerging implements Pass {

    /**
     * A header's offset: {@code root + constant}, root null for a constant offset; an I32 root
     * is never negative and zero-extended, and the sum never wraps.
     */
    private record Offset(Value root, long constant) {}

    /** A null test of a header: the branch, its header, its offset, and where it goes. */
    private record Check(Instruction branch, Instruction header, Offset at, Block fail, Block ok) {
        long offset() { return at.constant(); }

        long end() { return offset() + header.size(); }
    }

    @Override
    public boolean run(Function f) {
        Dominators dom = new Dominators(f);
        Map<Block, List<Block>> preds = f.predecessors();
        Map<Value, List<Instruction>> users = Edits.users(f);
        ValueRanges ranges = new ValueRanges(f);
        for (Block x1 : dom.reversePostOrder()) {
            Check c1 = check(x1, ranges);
            if (c1 == null || preds.get(c1.ok()).size() != 1) continue;
            for (Block x2 : dom.reversePostOrder()) {
                Check c2 = check(x2, ranges);
                if (c2 == null || c2.header() == c1.header() || !dom.dominates(c1.ok(), x2)) continue;
                if (c2.header().operand(0) != c1.header().operand(0) || c2.header().operand(2) != c1.header().operand(2)) continue;
                if (!Objects.equals(c1.at().root(), c2.at().root()) || c2.offset() < 0 || c1.offset() < 0) continue;
                if (!onlyTestedOnce(c2, users)) continue;
                long start = Math.min(c1.offset(), c2.offset());
                if (start < c1.offset() && !usedWhereChecked(c1, users, dom)) continue;
                if (c2.end() <= c1.end() || unobservable(c1, c2, x2)) {
                    merge(f, c1, c2, start, Math.max(c1.end(), c2.end()));
                    return true;
                }
                if (c1.at().root() != null && c2.offset() >= c1.offset() && dom.dominates(c1.ok(), c2.header().block())) {
                    rebase(c1, c2);
                    return true;
                }
            }
        }
        for (Block x : dom.reversePostOrder()) {
            Check c = check(x, ranges);
            if (c != null && c.at().root() != null && c.offset() > 0 && preds.get(c.ok()).size() == 1 && onlyUse(c, users)
                    && onlyTestedOnce(c, users) && usedWhereChecked(c, users, dom)) {
                checkFrom(f, c, 0, c.end());
                return true;
            }
        }
        return false;
    }

    private static Check check(Block b, ValueRanges ranges) {
        Instruction br = b.terminator();
        if (br == null || br.op() != Op.COND_BR || (br.cmp() != Cmp.EQ && br.cmp() != Cmp.NE)) return null;
        Value h = br.operand(0) instanceof Constant ? br.operand(1) : br.operand(0);
        Value other = h == br.operand(0) ? br.operand(1) : br.operand(0);
        if (!(other instanceof Constant) || !(h instanceof Instruction) || ((Instruction) h).op() != Op.PACKET_HEADER) return null;
        Instruction header = (Instruction) h;
        Offset at = offset(header.operand(1), header.block(), ranges);
        if (at == null) return null;
        int nullSide = br.cmp() == Cmp.EQ ? 0 : 1;
        // a test whose both ways meet at once (its loaded value died) proves nothing on either way
        if (br.targets().get(0) == br.targets().get(1)) return null;
        return new Check(br, header, at, br.targets().get(nullSide), br.targets().get(1 - nullSide));
    }

    /** {@code v} (an I64 offset) as root + constant, or null. */
    private static Offset offset(Value v, Block b, ValueRanges ranges) {
        if (v instanceof Constant c) return new Offset(null, c.value());
        if (v instanceof Instruction z && z.op() == Op.ZEXT && z.size() == 4 && z.operand(0).type() == Type.I32) {
            Value root = z.operand(0);
            long constant = 0;
            // peel constants off while the sum stays non-negative and cannot wrap
            while (ranges.at(root, b).nonNegative() && root instanceof Instruction a && a.op() == Op.ADD) {
                Value k = a.operand(1) instanceof Constant ? a.operand(1) : a.operand(0);
                Value rest = k == a.operand(1) ? a.operand(0) : a.operand(1);
                if (!(k instanceof Constant) || !ranges.at(rest, b).nonNegative()
                        || ranges.at(rest, b).hi() + ((Constant) k).value() > Integer.MAX_VALUE) break;
                constant += ((Constant) k).value();
                root = rest;
            }
            return ranges.at(root, b).nonNegative() ? new Offset(root, constant) : null;
        }
        return null;
    }

    /** Every use of c1's header other than its test is dominated by the test's success. */
    private static boolean usedWhereChecked(Check c, Map<Value, List<Instruction>> users, Dominators dom) {
        for (Instruction u : users.getOrDefault(c.header(), List.of())) {
            if (u != c.branch() && (u.op() == Op.PHI || !dom.dominates(c.ok(), u.block()))) return false;
        }
        return true;
    }

    /**
     * Headers are the only uses of the offset's sum (the TCP and the UDP header at {@code l4At}),
     * which then dies once their checks move its constant out.
     */
    private static boolean onlyUse(Check c, Map<Value, List<Instruction>> users) {
        Value sum = ((Instruction) c.header().operand(1)).operand(0);
        for (Instruction zext : users.get(sum)) {
            if (zext.op() != Op.ZEXT) return false;
            for (Instruction h : users.get(zext)) {
                if (h.op() != Op.PACKET_HEADER || h.operand(1) != zext || h.operand(0) == zext) return false;
            }
        }
        return true;
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

    /** Checks c1's header over {@code start..end} (relative to its root) and reaches c2's bytes through it. */
    private static void merge(Function f, Check c1, Check c2, long start, long end) {
        Value h = checkFrom(f, c1, start, end);
        FunctionBuilder b = FunctionBuilder.editing(f);
        Block x2 = c2.branch().block();
        b.positionBefore(c2.branch()).at(c2.header().pos());
        Value h2 = b.ptrAdd(h, Constant.i64(c2.offset() - start));
        Edits.branchTo(f, x2, c2.ok());
        Edits.replace(f, c2.header(), h2);
    }

    /**
     * Makes c's test check {@code start..end} relative to its root and returns the new header; c's
     * accesses reach their bytes through it. From start 0 the constant part of a variable offset
     * ({@code 14 + ihl * 4}) moves out of the sum into the bound and the accesses' displacements,
     * as clang reaches a header at {@code data + ihl * 4} with {@code +14} in every load.
     */
    private static Value checkFrom(Function f, Check c, long start, long end) {
        Instruction h1 = c.header();
        if (start == c.offset() && end == c.end()) return h1;
        FunctionBuilder b = FunctionBuilder.editing(f);
        b.positionBefore(h1).at(h1.pos());
        Value offset = start == c.offset() ? h1.operand(1) : offsetValue(b, c.at().root(), start);
        Value h = b.packetHeader(h1.operand(0), offset, (int) (end - start), h1.operand(2));
        c.branch().replaceOperand(h1, h);
        Value reached = h;
        if (start != c.offset()) {
            b.positionBefore(firstNonPhi(c.ok())).at(h1.pos());
            reached = b.ptrAdd(h, Constant.i64(c.offset() - start));
        }
        Edits.replace(f, h1, reached);
        return h;
    }

    /**
     * Checks c2's bytes from c1's header, {@code c2.offset - c1.offset} on, instead of from the
     * packet start through the variable offset again: the check then adds a constant to a pointer
     * already in a register, where it recomputed {@code data + root + constant}.
     */
    private static void rebase(Check c1, Check c2) {
        Instruction h2 = c2.header();
        h2.setOperand(0, c1.header());
        h2.setOperand(1, Constant.i64(c2.offset() - c1.offset()));
    }

    /** The I64 offset {@code root + constant} (root I32, zero-extended, or null). */
    private static Value offsetValue(FunctionBuilder b, Value root, long constant) {
        if (root == null) return Constant.i64(constant);
        Value sum = constant == 0 ? root : b.add(root, Constant.i32((int) constant));
        return b.zext(sum, 4, Type.I64);
    }

    private static Instruction firstNonPhi(Block block) {
        for (Instruction i : block.instructions()) {
            if (!(i instanceof Phi)) return i;
        }
        throw new IllegalStateException(block + " has no terminator");
    }
}
