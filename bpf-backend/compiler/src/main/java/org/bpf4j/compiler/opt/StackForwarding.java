package org.bpf4j.compiler.opt;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.JavaArithmetic;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.compiler.opt.StackPlaces.Place;

/**
 * Store-to-load forwarding on the stack. A load from a stack object whose address goes nowhere
 * but into loads, stores and call arguments gets the value last stored to exactly those bytes
 * (zero where the object was zeroed) on every path to the load, until a call that receives the
 * object may have written it (a forward must-analysis in reverse postorder; a loop's back edge
 * keeps what nothing in the loop writes). With {@link DeadStackStores} dropping the stores nothing reads any
 * more, a constant array ({@code byte[] prefix = {'j', 'a', 'v', 'a'}} read at constant indexes)
 * becomes immediates. A map call reading an object (a key, a value) whose every written byte
 * an earlier-allocated object of its size is known to hold reads that one instead, so that the
 * copy's stores die: {@code m.get(tid)} then {@code m.remove(tid)} store {@code tid} once.
 */
public final class StackForwarding implements Pass {
    private record Range(long start, int size) {
        boolean overlaps(Range o) {
            return start < o.start + o.size && o.start < start + size;
        }
    }

    /** What is known of one object's bytes: values stored (or loaded) at exact ranges, and bytes known to be zero. */
    private record Known(Map<Range, Value> values, BitSet zero) {
        Known copy() {
            return new Known(new LinkedHashMap<>(values), (BitSet) zero.clone());
        }

        void clear() {
            values.clear();
            zero.clear();
        }

        /** What both know. */
        Known meet(Known o) {
            Map<Range, Value> both = new LinkedHashMap<>(values);
            both.entrySet().removeIf(e -> !e.getValue().equals(o.values.get(e.getKey())));
            BitSet z = (BitSet) zero.clone();
            z.and(o.zero);
            return new Known(both, z);
        }
    }

    @Override
    public boolean run(Function f) {
        Map<Value, Place> places = StackPlaces.of(f);
        if (places.isEmpty()) return false;
        boolean changed = false;
        Map<Block, List<Block>> preds = f.predecessors();
        Map<Block, Map<Instruction, Known>> out = new HashMap<>();
        Map<Instruction, BitSet> written = written(f, places);
        for (Block b : f.reversePostOrder()) {
            Map<Instruction, Known> state = entering(b, preds, out, places);
            changed |= forward(f, b, state, places, written);
            out.put(b, state);
        }
        return changed;
    }

    /**
     * What all of {@code b}'s predecessors know at their ends. A back edge's end is not reached
     * yet: through it come the objects that nothing on the way round the loop may write.
     */
    private static Map<Instruction, Known> entering(Block b, Map<Block, List<Block>> preds, Map<Block, Map<Instruction, Known>> out,
            Map<Value, Place> places) {
        Map<Instruction, Known> state = null;
        Set<Instruction> written = new HashSet<>();
        for (Block p : preds.get(b)) {
            Map<Instruction, Known> known = out.get(p);
            if (known == null) {
                written.addAll(writtenOnTheWayBack(b, p, preds, places));
            } else if (state == null) {
                state = new HashMap<>();
                for (Map.Entry<Instruction, Known> e : known.entrySet()) state.put(e.getKey(), e.getValue().copy());
            } else {
                Map<Instruction, Known> merged = new HashMap<>();
                for (Map.Entry<Instruction, Known> e : state.entrySet()) {
                    Known other = known.get(e.getKey());
                    if (other != null) merged.put(e.getKey(), e.getValue().meet(other));
                }
                state = merged;
            }
        }
        if (state == null) return new HashMap<>();
        state.keySet().removeAll(written);
        return state;
    }

    /**
     * The objects allocated, stored to or passed to a call on the way round the loop: in
     * {@code header} and in the blocks that reach {@code latch} without passing it (the header
     * itself when it is its own latch), through which every path that ends in the back edge runs.
     */
    private static Set<Instruction> writtenOnTheWayBack(Block header, Block latch, Map<Block, List<Block>> preds, Map<Value, Place> places) {
        Set<Instruction> written = new HashSet<>();
        for (Block z : Edits.loopBody(header, latch, preds)) {
            for (Instruction i : z.instructions()) {
                switch (i.op()) {
                    case STACK_ALLOC -> written.add(i);
                    case STORE -> {
                        Place at = places.get(i.operand(0));
                        if (at != null) written.add(at.object());
                    }
                    case ATOMIC, HELPER_CALL, CALL -> written.addAll(objectsPassed(i, places));
                    default -> { }
                }
            }
        }
        return written;
    }

    /** Forwards the loads of {@code b}, updating {@code state} from its entry to its end; true if a load went. */
    private static boolean forward(Function f, Block b, Map<Instruction, Known> state, Map<Value, Place> places,
            Map<Instruction, BitSet> written) {
        boolean changed = false;
        for (Instruction i : new ArrayList<>(b.instructions())) {
            switch (i.op()) {
                case STACK_ALLOC -> {
                    if (places.containsKey(i)) {
                        BitSet zero = new BitSet();
                        if (i.zeroed()) zero.set(0, i.size());
                        state.put(i, new Known(new LinkedHashMap<>(), zero));
                    }
                }
                case STORE -> {
                    Place at = places.get(i.operand(0));
                    Known k = at == null ? null : state.get(at.object());
                    if (k == null) continue;
                    Range r = new Range(at.offset() + i.offset(), i.size());
                    if (r.start < 0) {
                        k.clear();
                        continue;
                    }
                    forget(k, r);
                    Value v = i.operand(1);
                    if (v instanceof Constant c && JavaArithmetic.zeroExtend(c.value(), r.size) == 0) {
                        k.zero.set((int) r.start, (int) (r.start + r.size));
                    } else {
                        k.values.put(r, v);
                    }
                }
                case LOAD -> {
                    Place at = places.get(i.operand(0));
                    Known k = at == null ? null : state.get(at.object());
                    if (k == null) continue;
                    Range r = new Range(at.offset() + i.offset(), i.size());
                    if (r.start < 0) continue;
                    Value known = loaded(i, r, k);
                    if (known != null) {
                        Edits.replace(f, i, known);
                        changed = true;
                    } else {
                        forget(k, r);
                        k.values.put(r, i);
                    }
                }
                case MAP_LOOKUP, MAP_UPDATE, MAP_DELETE -> changed |= shareObjects(i, state, places, written);
                case ATOMIC, HELPER_CALL, CALL -> {
                    for (Instruction object : objectsPassed(i, places)) {
                        if (state.containsKey(object)) state.get(object).clear();
                    }
                }
                default -> { }
            }
        }
        return changed;
    }

    /** Points the stack objects map call {@code i} reads at the first-allocated object holding the same bytes; true if one moved. */
    private static boolean shareObjects(Instruction i, Map<Instruction, Known> state, Map<Value, Place> places, Map<Instruction, BitSet> written) {
        boolean changed = false;
        for (int n = 1; n < i.operands().size(); n++) {
            Place at = places.get(i.operand(n));
            if (at == null || at.offset() != 0) continue;
            Known k = state.get(at.object());
            if (k == null || !knowsAll(k, written.get(at.object()))) continue;
            Instruction first = at.object();
            for (Map.Entry<Instruction, Known> e : state.entrySet()) {
                Instruction other = e.getKey();
                if (other.id() < first.id() && other.size() == at.object().size() && holds(e.getValue(), k)) first = other;
            }
            if (first != at.object()) {
                i.setOperand(n, first);
                changed = true;
            }
        }
        return changed;
    }

    /** Whether {@code k} knows every byte of {@code written}. */
    private static boolean knowsAll(Known k, BitSet written) {
        BitSet unknown = (BitSet) written.clone();
        unknown.andNot(k.zero);
        k.values.keySet().forEach(r -> unknown.clear((int) r.start, (int) (r.start + r.size)));
        return unknown.isEmpty();
    }

    /**
     * The bytes of each object something writes: what a store, a zeroing allocation or a call
     * receiving the object may write. A map call reads the others uninitialized, whatever they hold.
     */
    private static Map<Instruction, BitSet> written(Function f, Map<Value, Place> places) {
        Map<Instruction, BitSet> written = new HashMap<>();
        for (Instruction i : f.instructions()) {
            switch (i.op()) {
                case STACK_ALLOC -> {
                    BitSet bytes = written.computeIfAbsent(i, k -> new BitSet());
                    if (i.zeroed()) bytes.set(0, i.size());
                }
                case STORE -> {
                    Place at = places.get(i.operand(0));
                    if (at == null) continue;
                    long start = at.offset() + i.offset();
                    BitSet bytes = written.computeIfAbsent(at.object(), k -> new BitSet());
                    if (start < 0) bytes.set(0, at.object().size());
                    else bytes.set((int) start, (int) start + i.size());
                }
                case ATOMIC, HELPER_CALL, CALL -> {
                    for (Instruction object : objectsPassed(i, places)) {
                        written.computeIfAbsent(object, k -> new BitSet()).set(0, object.size());
                    }
                }
                default -> { }
            }
        }
        return written;
    }

    /** The stack objects an atomic or a call receives a pointer into: it may write any of their bytes. */
    private static List<Instruction> objectsPassed(Instruction i, Map<Value, Place> places) {
        List<Instruction> objects = new ArrayList<>();
        for (Value v : i.operands()) {
            Place at = places.get(v);
            if (at != null) objects.add(at.object());
        }
        return objects;
    }

    /** Whether {@code a} knows the same of every byte as {@code b} does. */
    private static boolean holds(Known a, Known b) {
        BitSet zero = (BitSet) b.zero.clone();
        zero.andNot(a.zero);
        if (!zero.isEmpty()) return false;
        for (Map.Entry<Range, Value> e : b.values.entrySet()) {
            if (!e.getValue().equals(a.values.get(e.getKey()))) return false;
        }
        return true;
    }

    private static void forget(Known k, Range r) {
        k.values.keySet().removeIf(r::overlaps);
        k.zero.clear((int) r.start, (int) (r.start + r.size));
    }

    /**
     * The value load {@code i} of range {@code r} reads when it is known: zero, bytes of a stored
     * constant, or a value of the load's own width and extension; else null.
     */
    private static Value loaded(Instruction i, Range r, Known k) {
        Type t = i.type();
        if (k.zero.get((int) r.start, (int) (r.start + r.size)).cardinality() == r.size) return Constant.of(t, 0);
        for (Map.Entry<Range, Value> e : k.values.entrySet()) {
            Range stored = e.getKey();
            if (e.getValue() instanceof Constant c && stored.start <= r.start && r.start + r.size <= stored.start + stored.size) {
                long bytes = c.value() >>> (8 * (r.start - stored.start));    // BPF here is little-endian
                return Constant.of(t, i.signExtends() ? JavaArithmetic.signExtend(bytes, r.size) : JavaArithmetic.zeroExtend(bytes, r.size));
            }
        }
        Value v = k.values.get(r);
        if (v instanceof Instruction load && load.op() == Op.LOAD && load.type() == t && load.signExtends() == i.signExtends()) return load;
        boolean fullWidth = r.size == (t == Type.I32 ? 4 : 8) && v != null && v.type() == t;
        return fullWidth ? v : null;
    }
}
