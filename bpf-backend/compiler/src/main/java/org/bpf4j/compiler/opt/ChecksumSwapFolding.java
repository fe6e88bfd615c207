package org.bpf4j.compiler.opt;

import java.util.List;
import java.util.Map;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/**
 * A checksum updated in host order is updated in network order: a 16-bit field stored swapped,
 * {@code store16(bswap16(~fold(Σ w)))}, with words {@code w} read from swapped fields (RFC 1624's
 * {@code ~Character.reverseBytes(check) & 0xFFFF}, the halves of {@code Integer.reverseBytes(addr)}),
 * becomes the same sum over the fields as they lie in memory, without a swap.
 *
 * <p>Why it holds: a swap multiplies a word by 256 modulo 0xFFFF ({@code 2^16 ≡ 1}), and the
 * end-around-carry sum of words is, once folded below 0x10000, the representative in
 * [1, 0xFFFF] of their total modulo 0xFFFF (0 only when every word is 0). Hence the folded sum
 * of swapped words is the swap of the folded sum, provided each word is 16 bits, nothing
 * overflows, and the folds provably end below 0x10000: bounds computed here from the words.
 * Bitwise operations with constants commute with a swap of the bytes they touch.
 */
public final class ChecksumSwapFolding implements Pass {
    private static final long WORD = 0xFFFF;
    private static final int MAX_DEPTH = 16;

    /**
     * How to compute a value before the swap it replaces: {@code bits} can be one in it,
     * {@code bound} bounds it (for sums), {@code swaps} counts the swaps of fields it reads raw.
     */
    private record Plan(java.util.function.Function<FunctionBuilder, Value> make, long bits, long bound, int swaps) {}

    @Override
    public boolean run(Function f) {
        boolean changed = false;
        Map<Value, List<Instruction>> users = Edits.users(f);
        for (Instruction swap : f.instructions()) {
            if (swap.op() != Op.BSWAP || swap.size() != 2 || swap.type() != Type.I32 || !storedAs16Bits(swap, users)) continue;
            Plan p = low16(swap.operand(0), 0);
            // a swap of a field read raw goes too: never more work than before
            if (p == null || p.swaps == 0) continue;
            Edits.replace(f, swap, p.make.apply(FunctionBuilder.editing(f).positionBefore(swap).at(swap.pos())));
            users = Edits.users(f);
            changed = true;
        }
        return changed;
    }

    /** Every user stores {@code v}'s low 16 bits (or fewer), so the bits above them are free. */
    private static boolean storedAs16Bits(Value v, Map<Value, List<Instruction>> users) {
        for (Instruction u : users.getOrDefault(v, List.of())) {
            if (u.op() != Op.STORE || u.size() > 2 || u.operand(0) == v) return false;
        }
        return true;
    }

    /** A plan whose low 16 bits are those of {@code v} swapped, or null. */
    private static Plan low16(Value v, int depth) {
        if (v instanceof Constant c) return constant(swap16(c.value()));
        if (!(v instanceof Instruction i) || v.type() != Type.I32 || depth > MAX_DEPTH) return null;
        int d = depth + 1;
        switch (i.op()) {
            case BSWAP: {
                Value x = i.operand(0);
                if (x.type() != Type.I32) return null;
                if (i.size() == 2) {
                    long bits = BitSimplification.possible(x, 0);
                    return new Plan(b -> x, bits, bits, 1);
                }
                // the low half of a swapped word is its high half, swapped
                return i.size() == 4 ? new Plan(b -> b.lshr(x, Constant.i32(16)), WORD, WORD, 1) : null;
            }
            case AND: case OR: case XOR: {
                if (!(i.operand(1) instanceof Constant k)) return null;
                Plan x = low16(i.operand(0), d);
                return x == null ? null : bitwise(i.op(), x, constant(swap16(k.value())));
            }
            case LSHR: {
                // the high half of a word, swapped, is the low half of the word swapped whole
                if (!(i.operand(1) instanceof Constant n) || n.value() != 16) return null;
                return swap32(i.operand(0), d);
            }
            case ADD: {
                // e + (e >>> 16), of which only the low 16 bits count: those of the fold of e
                for (int side = 0; side < 2; side++) {
                    Value e = i.operand(side);
                    if (isShift16(i.operand(1 - side), e)) {
                        Plan s = sum(e, d);
                        if (s == null || folded(s.bound) > WORD) return null;
                        return new Plan(b -> {
                            Value t = s.make.apply(b);
                            return b.add(t, b.lshr(t, Constant.i32(16)));
                        }, 0xFFFF_FFFFL, 0xFFFF_FFFFL, s.swaps);
                    }
                }
                Plan s = sum(v, d);
                return s == null || s.bound > WORD ? null : s;
            }
            default:
                return null;
        }
    }

    /** A plan computing the 32-bit {@code v} with its bytes swapped, or null. */
    private static Plan swap32(Value v, int depth) {
        if (v instanceof Constant c) return constant(Integer.reverseBytes((int) c.value()) & 0xFFFF_FFFFL);
        if (!(v instanceof Instruction i) || v.type() != Type.I32 || depth > MAX_DEPTH) return null;
        switch (i.op()) {
            case BSWAP: {
                Value x = i.operand(0);
                return i.size() == 4 && x.type() == Type.I32 ? new Plan(b -> x, BitSimplification.possible(x, 0), BitSimplification.possible(x, 0), 1) : null;
            }
            case AND: case OR: case XOR: {
                if (!(i.operand(1) instanceof Constant k)) return null;
                Plan x = swap32(i.operand(0), depth + 1);
                return x == null ? null : bitwise(i.op(), x, swap32(k, depth + 1));
            }
            default:
                return null;
        }
    }

    /**
     * A plan computing the one's-complement sum {@code v} (words added and folded) over the
     * swapped words, exactly, with its bound; or null.
     */
    private static Plan sum(Value v, int depth) {
        if (depth > MAX_DEPTH || v.type() != Type.I32) return null;
        int d = depth + 1;
        if (v instanceof Instruction i && i.op() == Op.ADD) {
            // (e & 0xFFFF) + (e >>> 16)
            for (int side = 0; side < 2; side++) {
                if (i.operand(side) instanceof Instruction low && low.op() == Op.AND && low.operand(1) instanceof Constant m
                        && m.value() == WORD && isShift16(i.operand(1 - side), low.operand(0))) {
                    Plan e = sum(low.operand(0), d);
                    if (e == null) return null;
                    return new Plan(b -> {
                        Value t = e.make.apply(b);
                        return b.add(b.and(t, Constant.of(Type.I32, WORD)), b.lshr(t, Constant.i32(16)));
                    }, 0xFFFF_FFFFL, folded(e.bound), e.swaps);
                }
            }
            Plan a = sum(i.operand(0), d), c = a == null ? null : sum(i.operand(1), d);
            if (c == null || a.bound + c.bound > Integer.MAX_VALUE) return null;
            return new Plan(b -> b.add(a.make.apply(b), c.make.apply(b)), 0xFFFF_FFFFL, a.bound + c.bound, a.swaps + c.swaps);
        }
        // a word: 16 bits, swapped exactly
        if ((BitSimplification.possible(v, 0) & ~WORD) != 0) return null;
        Plan w = low16(v, d);
        if (w == null) return null;
        return (w.bits & ~WORD) == 0 ? new Plan(w.make, w.bits, WORD, w.swaps) : bitwise(Op.AND, w, constant(WORD));
    }

    private static boolean isShift16(Value v, Value of) {
        return v instanceof Instruction s && s.op() == Op.LSHR && s.operand(0) == of
                && s.operand(1) instanceof Constant n && n.value() == 16;
    }

    /** The bound of {@code (e & 0xFFFF) + (e >>> 16)} for e up to {@code bound}: a full low half under the top high half, or the top itself. */
    private static long folded(long bound) {
        long high = bound >>> 16;
        return high == 0 ? bound : Math.max(high - 1 + WORD, high + (bound & WORD));
    }

    private static Plan bitwise(Op op, Plan x, Plan k) {
        long bits = op == Op.AND ? x.bits & k.bits : x.bits | k.bits;
        if (op == Op.AND && (x.bits & ~k.bits) == 0) return x;     // the mask clears nothing
        return new Plan(b -> b.binary(op, x.make.apply(b), k.make.apply(b)), bits, bits, x.swaps);
    }

    private static Plan constant(long c) {
        return new Plan(b -> Constant.of(Type.I32, c), c, c, 0);
    }

    private static long swap16(long c) {
        return Character.reverseBytes((char) c);
    }
}
