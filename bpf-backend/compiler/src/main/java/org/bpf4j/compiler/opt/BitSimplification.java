package org.bpf4j.compiler.opt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.JavaArithmetic;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/**
 * Drops work on bits nobody looks at or that are known zero, from two facts per value: the bits
 * that can be one (after a narrow load, a mask, a zero extension) and the bits its users observe
 * (a 16-bit store or swap looks at 16 bits; an add's low bits depend only on its operands' low
 * bits). A mask that keeps every observed bit that can be one goes ({@code (s & 0xFFFF) + c}
 * stored as a {@code char}, {@code ~x & 0xFFFF} of a 16-bit x once the not is
 * {@code x ^ 0xFFFF}); an extension or a load's sign extension nobody observes goes; a sign
 * extension of a value known non-negative is a zero extension ({@code (long) (ihl * 4)}), except
 * under a compare. The work an address offset is computed from is left as written.
 */
public final class BitSimplification implements Pass {
    private static final int MAX_DEPTH = 8;

    @Override
    public boolean run(Function f) {
        Facts facts = new Facts(Edits.users(f));
        Set<Value> offsets = addressOffsets(f);
        boolean changed = false;
        for (Instruction i : f.instructions()) {
            if (i.block() == null || !i.type().isRegisterInteger()) continue;
            Value simpler = simplify(f, i, facts, offsets.contains(i));
            if (simpler != null) {
                Edits.replace(f, i, simpler);
                facts = new Facts(Edits.users(f));
                changed = true;
            } else if (narrowConstant(i, facts)) {
                changed = true;
            }
        }
        return changed;
    }

    /**
     * The integer work an address offset is computed from (a packet offset, an array index). Its
     * masks and narrowing extensions stay even where the bits they clear are known zero (a sign
     * extension may still become a zero extension, which bounds no less): the verifier
     * bounds the offset from what it tracks itself, which can be less than this pass knows
     * ({@code (short) (x << 21)} is 0, but v4's {@code movsx} leaves it in [-32768, 32767]).
     */
    private static Set<Value> addressOffsets(Function f) {
        Set<Value> offsets = new HashSet<>();
        Deque<Value> work = new ArrayDeque<>();
        for (Instruction i : f.instructions()) {
            if (i.op() == Op.PACKET_HEADER || i.op() == Op.PTR_ADD) work.add(i.operand(1));
        }
        while (!work.isEmpty()) {
            Value v = work.pop();
            if (!(v instanceof Instruction i) || !v.type().isRegisterInteger() || !offsets.add(v)) continue;
            work.addAll(i.operands());
        }
        return offsets;
    }

    /** A value computing the observed bits of {@code i} with less work, or null; one that bounds an {@code offset} keeps its bounds. */
    private static Value simplify(Function f, Instruction i, Facts facts, boolean offset) {
        long observed = facts.observed(i);
        switch (i.op()) {
            case AND: {
                if (offset) return null;
                for (int side = 0; side < 2; side++) {
                    Value x = i.operand(side);
                    if (i.operand(1 - side) instanceof Constant m && (possible(x, 0) & observed & ~m.value()) == 0) return x;
                }
                return null;
            }
            case ZEXT: case SEXT: {
                Value x = i.operand(0);
                long low = JavaArithmetic.mask(i.size());
                boolean signClear = (possible(x, 0) & signBit(i.size())) == 0;
                if (!offset && x.type() == i.type() && ((observed & ~low) == 0 || (possible(x, 0) & ~low) == 0 && (i.op() == Op.ZEXT || signClear))) {
                    return x;
                }
                if (i.op() == Op.SEXT && ((observed & ~low) == 0 || signClear) && !facts.compared(i)) {
                    return FunctionBuilder.editing(f).positionBefore(i).at(i.pos()).zext(x, i.size(), i.type());
                }
                return null;
            }
            case LOAD: {
                if (!i.signExtends() || (observed & ~JavaArithmetic.mask(i.size())) != 0) return null;
                return FunctionBuilder.editing(f).positionBefore(i).at(i.pos()).load(i.type(), i.operand(0), i.offset(), i.size(), false);
            }
            default:
                return null;
        }
    }

    /**
     * {@code x | C} and {@code x ^ C} keep only the observed bits of C, so that a later mask sees
     * them: {@code ~x & 0xFFFF} is {@code (x ^ 0xFFFF) & 0xFFFF}, whose mask then goes. A 64-bit
     * constant must stay an immediate (sign-extended 32 bits).
     */
    private static boolean narrowConstant(Instruction i, Facts facts) {
        if ((i.op() != Op.OR && i.op() != Op.XOR) || !(i.operand(1) instanceof Constant k)) return false;
        long c = k.value() & width(i.type());
        long narrowed = c & facts.observed(i);
        if (narrowed == c || i.type() == Type.I64 && narrowed != (int) narrowed) return false;
        i.setOperand(1, Constant.of(i.type(), narrowed));
        return true;
    }

    /** The bits of {@code v} that can be one (within its type's width). */
    static long possible(Value v, int depth) {
        long all = width(v.type());
        if (v instanceof Constant c) return c.value() & all;
        if (!(v instanceof Instruction i) || depth > MAX_DEPTH || !v.type().isRegisterInteger()) return all;
        int d = depth + 1;
        switch (i.op()) {
            case LOAD: case CORE_LOAD: return i.signExtends() ? all : JavaArithmetic.mask(i.size()) & all;
            case CTX_LOAD: return JavaArithmetic.mask(i.size()) & all;
            case ZEXT: return possible(i.operand(0), d) & JavaArithmetic.mask(i.size());
            case SEXT: {
                long x = possible(i.operand(0), d) & JavaArithmetic.mask(i.size());
                return (x & signBit(i.size())) == 0 ? x : all;
            }
            case TRUNC: return possible(i.operand(0), d) & all;
            case BSWAP: return Long.reverseBytes(possible(i.operand(0), d) & JavaArithmetic.mask(i.size())) >>> (64 - 8 * i.size());
            case COPY: return possible(i.operand(0), d) & all;
            case AND: return possible(i.operand(0), d) & possible(i.operand(1), d);
            case OR: case XOR: return possible(i.operand(0), d) | possible(i.operand(1), d);
            case ADD: return below(highestBit(possible(i.operand(0), d) | possible(i.operand(1), d)) + 2) & all;
            case MUL: return below(highestBit(possible(i.operand(0), d)) + highestBit(possible(i.operand(1), d)) + 2) & all;
            case SHL: case LSHR: case ASHR: {
                if (!(i.operand(1) instanceof Constant n)) return all;
                int count = (int) (n.value() & (bits(i.type()) - 1));
                long x = possible(i.operand(0), d);
                if (i.op() == Op.SHL) return (x << count) & all;
                return i.op() == Op.LSHR || (x & signBit(i.type().size())) == 0 ? x >>> count : all;
            }
            case PHI: {
                long x = 0;
                for (Value in : i.operands()) x |= in == i ? 0 : possible(in, d);
                return x & all;
            }
            default: return all;
        }
    }

    /** The observed bits of each value, from its users; a cycle through phis observes all bits. */
    private static final class Facts {
        private final Map<Value, List<Instruction>> users;
        private final Map<Value, Long> observed = new HashMap<>();
        private final Set<Value> open = new HashSet<>();

        Facts(Map<Value, List<Instruction>> users) {
            this.users = users;
        }

        /** Whether a branch compares {@code v} (a widened compare narrows only when both sides extend alike). */
        boolean compared(Value v) {
            return users.getOrDefault(v, List.of()).stream().anyMatch(u -> u.op() == Op.COND_BR);
        }

        long observed(Value v) {
            Long known = observed.get(v);
            if (known != null) return known;
            long all = width(v.type());
            if (!open.add(v)) return all;
            long bits = 0;
            for (Instruction u : users.getOrDefault(v, List.of())) {
                for (int k = 0; k < u.operands().size(); k++) {
                    if (u.operand(k) == v) bits |= observedThrough(u, k);
                }
                if ((bits & all) == all) break;
            }
            open.remove(v);
            observed.put(v, bits & all);
            return bits & all;
        }

        /** The bits of operand {@code k} that user {@code u} looks at. */
        private long observedThrough(Instruction u, int k) {
            Value v = u.operand(k);
            long all = width(v.type());
            if (!u.type().isRegisterInteger() && u.op() != Op.STORE && u.op() != Op.CTX_STORE) return all;
            switch (u.op()) {
                case STORE: case CTX_STORE: return k == 1 ? JavaArithmetic.mask(u.size()) & all : all;
                case AND: return observed(u) & possibleFixed(u.operand(1 - k));
                case OR: case XOR: case COPY: case PHI: return observed(u);
                case ADD: case SUB: case MUL: case NEG: return below(highestBit(observed(u)) + 1);
                case TRUNC: return observed(u) & 0xFFFF_FFFFL;
                case ZEXT: return observed(u) & JavaArithmetic.mask(u.size());
                case SEXT: {
                    long low = JavaArithmetic.mask(u.size());
                    long o = observed(u);
                    return o & low | ((o & ~low) != 0 ? signBit(u.size()) : 0);
                }
                case BSWAP: return Long.reverseBytes(observed(u) & JavaArithmetic.mask(u.size())) >>> (64 - 8 * u.size());
                case SHL: case LSHR: case ASHR: {
                    if (k != 0 || !(u.operand(1) instanceof Constant n)) return all;
                    int count = (int) (n.value() & (bits(u.type()) - 1));
                    long o = observed(u);
                    if (u.op() == Op.SHL) return o >>> count;
                    long shifted = (o << count) & all;
                    boolean copiesSign = u.op() == Op.ASHR && count > 0 && (o >>> (bits(u.type()) - count)) != 0;
                    return shifted | (copiesSign ? signBit(u.type().size()) : 0);
                }
                default: return all;
            }
        }
    }

    /**
     * The bits of a mask's other operand that can be one, where no simplification can change
     * them: a constant's, a narrow load's. Any other value's possible bits may rest on the very
     * extension being dropped ({@code ((long) c) & c} of a {@code char c}: each side's mask would
     * license dropping the {@code (char)} both share).
     */
    private static long possibleFixed(Value v) {
        if (v instanceof Constant || v instanceof Instruction i && (i.op() == Op.LOAD || i.op() == Op.CTX_LOAD)) return possible(v, 0);
        return width(v.type());
    }

    private static long width(Type t) {
        return t == Type.I32 ? 0xFFFF_FFFFL : -1L;
    }

    private static int bits(Type t) {
        return t == Type.I32 ? 32 : 64;
    }

    private static long signBit(int bytes) {
        return 1L << (8 * bytes - 1);
    }

    /** Index of the highest one bit, -1 for zero. */
    private static int highestBit(long x) {
        return 63 - Long.numberOfLeadingZeros(x);
    }

    /** Ones in the low {@code n} bits (all for 64 or more). */
    private static long below(int n) {
        return n >= 64 ? -1L : n <= 0 ? 0 : (1L << n) - 1;
    }
}
