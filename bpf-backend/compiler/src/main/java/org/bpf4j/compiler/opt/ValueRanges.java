package org.bpf4j.compiler.opt;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Dominators;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/**
 * Signed ranges of the I32 and I64 values of a function: what narrow loads, masks, extensions
 * and arithmetic without overflow leave possible, narrowed at each use by the branches that
 * dominate it. Loop counters get a range from their loop's test: phis start empty and grow
 * until nothing changes (a bound still growing after a few rounds is widened to the type's
 * limit), then a few plain rounds narrow what widening lost, as a use inside {@code i < 32}
 * bounds {@code i + 1} again.
 */
final class ValueRanges {

    /** The signed values {@code lo..hi}; {@code lo > hi} is the empty range (code that never runs). */
    record Range(long lo, long hi) {
        static final Range EMPTY = new Range(1, 0);

        boolean isEmpty() { return lo > hi; }

        boolean nonNegative() { return !isEmpty() && lo >= 0; }

        Range join(Range o) {
            if (isEmpty()) return o;
            if (o.isEmpty()) return this;
            return new Range(Math.min(lo, o.lo), Math.max(hi, o.hi));
        }

        Range meet(long l, long h) {
            Range r = new Range(Math.max(lo, l), Math.min(hi, h));
            return r.isEmpty() ? EMPTY : r;
        }
    }

    /** {@code data_end - data} of a packet: its linear data lies in one kernel allocation, far below 2 GiB. */
    private static final Range PACKET_LENGTH = new Range(0, Integer.MAX_VALUE);
    private static final int WIDEN_AFTER = 3;
    private static final int NARROWING_ROUNDS = 2;
    private static final int MAX_ROUNDS = 50;

    private final Dominators dom;
    private final Map<Block, List<Block>> preds;
    private final Map<Value, Range> ranges = new HashMap<>();
    /** The context fields (context, offset) this function reads as a packet's start and as its end. */
    private final Set<List<Object>> packetStarts = new HashSet<>(), packetEnds = new HashSet<>();
    private boolean unsettled;

    ValueRanges(Function f) {
        dom = new Dominators(f);
        preds = f.predecessors();
        for (Instruction i : f.instructions()) {
            if (i.op() == Op.CTX_LOAD && i.type() == Type.PACKET) packetStarts.add(List.of(i.operand(0), i.offset()));
            if (i.op() == Op.CTX_LOAD && i.type() == Type.PACKET_END) packetEnds.add(List.of(i.operand(0), i.offset()));
        }
        unsettled = !solve();
    }

    /** Whether {@code i} is {@code end - start} of fields read as integers that the function also reads as the packet's end and start. */
    private boolean packetLength(Instruction i) {
        return i.op() == Op.SUB && i.operand(0) instanceof Instruction end && i.operand(1) instanceof Instruction start
                && end.op() == Op.CTX_LOAD && start.op() == Op.CTX_LOAD && end.operand(0) == start.operand(0)
                && packetEnds.contains(List.of(end.operand(0), end.offset())) && packetStarts.contains(List.of(start.operand(0), start.offset()));
    }

    /** The range of {@code v} wherever it is used. */
    Range of(Value v) {
        if (v instanceof Constant c) return v.type().isRegisterInteger() ? new Range(c.value(), c.value()) : full(v.type());
        // parameters and anything else not computed here may hold any value
        if (unsettled || !v.type().isRegisterInteger() || !(v instanceof Instruction)) return full(v.type());
        return ranges.getOrDefault(v, Range.EMPTY);
    }

    /** The range of {@code v} in block {@code b}: {@link #of} narrowed by the branch tests taken to reach {@code b}. */
    Range at(Value v, Block b) {
        Range r = of(v);
        if (v instanceof Constant || !v.type().isRegisterInteger() || !dom.isReachable(b)) return r;
        for (Block d = b; ; d = dom.idom(d)) {
            List<Block> in = preds.get(d);
            if (in.size() == 1) r = narrow(r, v, in.get(0).terminator(), d);
            if (r.isEmpty() || dom.idom(d) == d) return r;
        }
    }

    /** {@code r} narrowed by what taking {@code br}'s edge to {@code to} says about {@code v}. */
    private Range narrow(Range r, Value v, Instruction br, Block to) {
        if (br.op() != Op.COND_BR || br.targets().get(0) == br.targets().get(1)) return r;
        Cmp cmp = to == br.targets().get(0) ? br.cmp() : br.cmp().negate();
        Value other;
        if (br.operand(0) == v) {
            other = br.operand(1);
        } else if (br.operand(1) == v) {
            other = br.operand(0);
            cmp = cmp.swap();
        } else {
            return r;
        }
        if (!other.type().isRegisterInteger()) return r;
        Range o = of(other);
        if (o.isEmpty()) return Range.EMPTY;
        Range type = full(v.type());
        switch (cmp) {
            case EQ: return r.meet(o.lo, o.hi);
            case NE:
                if (o.lo != o.hi) return r;
                if (r.lo == o.lo) return r.meet(r.lo + 1, r.hi);
                return r.hi == o.lo ? r.meet(r.lo, r.hi - 1) : r;
            case SLT: return o.hi == type.lo ? Range.EMPTY : r.meet(type.lo, o.hi - 1);
            case SLE: return r.meet(type.lo, o.hi);
            case SGT: return o.lo == type.hi ? Range.EMPTY : r.meet(o.lo + 1, type.hi);
            case SGE: return r.meet(o.lo, type.hi);
            // below a non-negative bound, unsigned order is signed order and excludes the negative
            case ULT: return o.nonNegative() ? (o.hi == 0 ? Range.EMPTY : r.meet(0, o.hi - 1)) : r;
            case ULE: return o.nonNegative() ? r.meet(0, o.hi) : r;
            case UGT: return r.nonNegative() && o.nonNegative() ? r.meet(o.lo + 1, type.hi) : r;
            default: return r.nonNegative() && o.nonNegative() ? r.meet(o.lo, type.hi) : r;
        }
    }

    private boolean solve() {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean changed = false;
            for (Block b : dom.reversePostOrder()) {
                for (Instruction i : b.instructions()) {
                    if (!i.type().isRegisterInteger()) continue;
                    Range old = ranges.getOrDefault(i, Range.EMPTY);
                    Range now = evaluate(i);
                    if (i instanceof Phi) {
                        now = old.join(now);
                        if (round >= WIDEN_AFTER && !now.equals(old)) now = widen(old, now, full(i.type()));
                    }
                    if (!now.equals(old)) {
                        ranges.put(i, now);
                        changed = true;
                    }
                }
            }
            if (!changed) {
                // from a sound result, evaluating again is sound and recovers bounds widening gave up
                for (int n = 0; n < NARROWING_ROUNDS; n++) {
                    for (Block b : dom.reversePostOrder()) {
                        for (Instruction i : b.instructions()) {
                            if (i.type().isRegisterInteger()) ranges.put(i, evaluate(i));
                        }
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static Range widen(Range old, Range now, Range type) {
        if (old.isEmpty()) return now;
        return new Range(now.lo < old.lo ? type.lo : now.lo, now.hi > old.hi ? type.hi : now.hi);
    }

    private Range evaluate(Instruction i) {
        Type t = i.type();
        Range full = full(t);
        if (i instanceof Phi p) {
            Range r = Range.EMPTY;
            for (int k = 0; k < p.operands().size(); k++) {
                Block from = p.incomingBlocks().get(k);
                if (dom.isReachable(from)) r = r.join(at(p.operand(k), from));
            }
            return r;
        }
        Op op = i.op();
        switch (op) {
            case LOAD: case CTX_LOAD:
                return i.size() >= t.size() ? full : i.signExtends() ? signed(i.size()) : unsigned(i.size());
            case BSWAP:
                return i.size() >= t.size() ? full : unsigned(i.size());
            case ZEXT: {
                Range a = operand(i, 0);
                if (a.isEmpty()) return a;
                Range u = unsigned(i.size());
                return a.lo >= u.lo && a.hi <= u.hi ? a : u;
            }
            case SEXT: {
                Range a = operand(i, 0);
                if (a.isEmpty()) return a;
                Range s = signed(i.size());
                return a.lo >= s.lo && a.hi <= s.hi ? a : s;
            }
            case SUB:
                if (packetLength(i)) return PACKET_LENGTH;
                break;
            case TRUNC: case COPY: {
                Range a = operand(i, 0);
                return a.isEmpty() || (a.lo >= full.lo && a.hi <= full.hi) ? a : full;
            }
            default:
                break;
        }
        if (!op.isArithmetic() || i.operands().size() != 2) return full;
        Range a = operand(i, 0), b = operand(i, 1);
        if (a.isEmpty() || b.isEmpty()) return Range.EMPTY;
        try {
            switch (op) {
                case ADD: return within(full, Math.addExact(a.lo, b.lo), Math.addExact(a.hi, b.hi));
                case SUB: return within(full, Math.subtractExact(a.lo, b.hi), Math.subtractExact(a.hi, b.lo));
                case MUL: {
                    long p1 = Math.multiplyExact(a.lo, b.lo), p2 = Math.multiplyExact(a.lo, b.hi);
                    long p3 = Math.multiplyExact(a.hi, b.lo), p4 = Math.multiplyExact(a.hi, b.hi);
                    return within(full, Math.min(Math.min(p1, p2), Math.min(p3, p4)), Math.max(Math.max(p1, p2), Math.max(p3, p4)));
                }
                case AND:
                    if (a.nonNegative() && b.nonNegative()) return new Range(0, Math.min(a.hi, b.hi));
                    if (a.nonNegative()) return new Range(0, a.hi);
                    return b.nonNegative() ? new Range(0, b.hi) : full;
                case SHL:
                    if (b.lo != b.hi || b.lo < 0 || b.lo >= t.size() * 8 - 1) return full;
                    return within(full, Math.multiplyExact(a.lo, 1L << b.lo), Math.multiplyExact(a.hi, 1L << b.lo));
                case ASHR:
                    return b.lo == b.hi && b.lo >= 0 && b.lo < t.size() * 8 ? new Range(a.lo >> b.lo, a.hi >> b.lo) : full;
                case LSHR:
                    if (b.lo != b.hi || b.lo <= 0 || b.lo >= t.size() * 8) return full;
                    return a.nonNegative() ? new Range(a.lo >> b.lo, a.hi >> b.lo) : new Range(0, full.hi >> (b.lo - 1));
                default:
                    return full;
            }
        } catch (ArithmeticException overflow) {
            return full;
        }
    }

    private Range operand(Instruction i, int k) { return at(i.operand(k), i.block()); }

    /** {@code lo..hi} when the operation cannot wrap in the type, else the whole type. */
    private static Range within(Range type, long lo, long hi) {
        return lo >= type.lo && hi <= type.hi ? new Range(lo, hi) : type;
    }

    static Range full(Type t) {
        return t == Type.I32 ? new Range(Integer.MIN_VALUE, Integer.MAX_VALUE) : new Range(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static Range unsigned(int bytes) { return new Range(0, (1L << (8 * bytes)) - 1); }

    private static Range signed(int bytes) { return new Range(-(1L << (8 * bytes - 1)), (1L << (8 * bytes - 1)) - 1); }
}
