package org.bpf4j.compiler.opt;

import java.util.List;
import java.util.Map;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.JavaArithmetic;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.compiler.opt.StackPlaces.Place;

/**
 * Neighbouring narrow stores into one stack object become one store twice as wide: two stores
 * of {@code n} bytes (1, 2 or 4) in one block that together write an aligned {@code 2n} bytes,
 * both of constants or of neighbouring bytes of one value ({@code b[0] = (byte) x;
 * b[1] = (byte) (x >>> 8)}, little-endian as BPF is), repeated until no pair is left, so that
 * four byte stores of an {@code int} become one. The merged store takes the later one's place;
 * nothing between the two may read or write the earlier one's bytes. Alignment is the
 * verifier's: it refuses a stack access not aligned to its size (stack objects are 8-aligned).
 * A store through a stack pointer of unknown offset between the two (an array element at a
 * variable index) keeps them apart. An 8-byte constant is merged only when it fits a store's 32-bit immediate: otherwise the two
 * stores of immediates are shorter than loading the constant into a register.
 *
 * <p>It runs once after the rounds: {@link StackForwarding} forwards a narrow store to a
 * narrow load, not a byte of a wider store of a variable.
 */
public final class StoreCombining implements Pass {
    /** Stored bytes of {@code root}: its bytes from {@code shift / 8} on. */
    private record Part(Value root, int shift) {}

    @Override
    public boolean run(Function f) {
        Map<Value, Place> places = StackPlaces.atConstantOffsets(f);
        if (places.isEmpty()) return false;
        boolean changed = false;
        for (Block b : f.reversePostOrder()) {
            while (combineOnePair(f, b, places)) changed = true;
        }
        return changed;
    }

    /** Merges the first pair of {@code b}'s stores that combine; true if one did. */
    private static boolean combineOnePair(Function f, Block b, Map<Value, Place> places) {
        List<Instruction> ins = b.instructions();
        for (int e = 0; e < ins.size(); e++) {
            Instruction earlier = ins.get(e);
            if (!isNarrowStore(earlier, places)) continue;
            for (int l = e + 1; l < ins.size(); l++) {
                Instruction later = ins.get(l);
                if (isNarrowStore(later, places) && combine(f, earlier, later, places)) return true;
                if (touches(later, earlier, places)) break;
            }
        }
        return false;
    }

    private static boolean isNarrowStore(Instruction i, Map<Value, Place> places) {
        return i.op() == Op.STORE && i.size() <= 4 && places.containsKey(i.operand(0)) && start(i, places) >= 0;
    }

    private static long start(Instruction store, Map<Value, Place> places) {
        return places.get(store.operand(0)).offset() + store.offset();
    }

    /**
     * Whether {@code i} (between {@code store} and its partner) may read or write the bytes
     * {@code store} writes: through a pointer into the same object, or into the stack at an
     * offset not known (an array element at a variable index).
     */
    private static boolean touches(Instruction i, Instruction store, Map<Value, Place> places) {
        Instruction object = places.get(store.operand(0)).object();
        long start = start(store, places);
        if (i.op() == Op.STORE || i.op() == Op.LOAD) {
            Place at = places.get(i.operand(0));
            if (at == null) return i.operand(0).type() == Type.STACK;
            if (at.object() != object) return false;
            long s = at.offset() + i.offset();
            return s < start + store.size() && start < s + i.size();
        }
        if (i.op() == Op.PTR_ADD || i.op() == Op.COPY) return false;
        for (Value v : i.operands()) {
            Place at = places.get(v);
            if (at != null ? at.object() == object : v.type() == Type.STACK) return true;
        }
        return false;
    }

    /** Replaces {@code earlier} and {@code later} by one store in {@code later}'s place if they combine. */
    private static boolean combine(Function f, Instruction earlier, Instruction later, Map<Value, Place> places) {
        int n = earlier.size();
        if (later.size() != n || places.get(earlier.operand(0)).object() != places.get(later.operand(0)).object()) return false;
        long a = start(earlier, places), c = start(later, places);
        Instruction low = a < c ? earlier : later, high = a < c ? later : earlier;
        long start = Math.min(a, c);
        if (Math.abs(a - c) != n || start % (2L * n) != 0) return false;
        Value merged = merged(f, low.operand(1), high.operand(1), n, later);
        if (merged == null) return false;
        FunctionBuilder.editing(f).positionBefore(later).at(later.pos())
                .store(low.operand(0), low.offset(), 2 * n, merged);
        earlier.block().remove(earlier);
        later.block().remove(later);
        return true;
    }

    /** The value whose low {@code 2n} bytes are {@code low}'s low {@code n} then {@code high}'s; null if none is at hand. */
    private static Value merged(Function f, Value low, Value high, int n, Instruction before) {
        if (low instanceof Constant lc && high instanceof Constant hc) {
            long bits = JavaArithmetic.zeroExtend(lc.value(), n) | JavaArithmetic.zeroExtend(hc.value(), n) << 8 * n;
            Constant c = 2 * n == 8 ? Constant.i64(bits) : Constant.i32((int) bits);
            return c.fitsImm32() ? c : null;
        }
        Part l = part(low, n), h = part(high, n);
        if (!l.root.equals(h.root) || h.shift != l.shift + 8 * n || !l.root.type().isRegisterInteger()
                || l.shift / 8 + 2 * n > l.root.type().size()) {
            return null;
        }
        if (l.shift == 0) return l.root;
        if (low instanceof Instruction s && (s.op() == Op.LSHR || s.op() == Op.ASHR) && s.operand(0).equals(l.root)) return low;
        return FunctionBuilder.editing(f).positionBefore(before).at(before.pos()).lshr(l.root, Constant.of(l.root.type(), l.shift));
    }

    /**
     * Where the low {@code need} bytes of {@code v} come from: shifts right by whole bytes,
     * truncations and extensions that keep those bytes are looked through.
     */
    private static Part part(Value v, int need) {
        int shift = 0;
        while (v instanceof Instruction i) {
            if ((i.op() == Op.LSHR || i.op() == Op.ASHR) && i.operand(1) instanceof Constant c) {
                int s = (int) (c.value() & (8L * i.type().size() - 1));
                if (s % 8 != 0 || need + s / 8 > i.type().size()) break;
                need += s / 8;
                shift += s;
            } else if (i.op() == Op.ZEXT || i.op() == Op.SEXT) {
                if (need > i.size()) break;
            } else if (i.op() != Op.TRUNC) {
                break;
            }
            v = i.operand(0);
        }
        return new Part(v, shift);
    }
}
