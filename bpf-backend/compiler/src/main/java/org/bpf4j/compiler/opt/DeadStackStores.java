package org.bpf4j.compiler.opt;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.compiler.opt.StackPlaces.Place;

/**
 * Dead-store elimination on the stack objects {@link StackPlaces} sees whole: a store goes when
 * none of its bytes is read before being written again, on any path. A backward liveness over
 * each object's bytes, to a fixed point through loops: loads and atomics read their bytes, a
 * call receiving the object reads all of it, except the argument a helper fills
 * ({@link Instruction#filledArg()}), which it overwrites for its constant length. Chiefly, the
 * zeroing of {@code new byte[n]} or {@code new Struct()} goes when a helper or the following
 * stores write every byte before anything reads it, and an object nothing reads loses its stores.
 */
public final class DeadStackStores implements Pass {
    /** The bytes of each object something may read later. */
    private record Live(Map<Instruction, BitSet> bytes) {
        Live copy() {
            Map<Instruction, BitSet> c = new HashMap<>();
            bytes.forEach((o, b) -> c.put(o, (BitSet) b.clone()));
            return new Live(c);
        }

        void addAll(Live o) {
            o.bytes.forEach((obj, b) -> of(obj).or(b));
        }

        BitSet of(Instruction object) {
            return bytes.computeIfAbsent(object, k -> new BitSet());
        }
    }

    @Override
    public boolean run(Function f) {
        Map<Value, Place> places = StackPlaces.of(f);
        if (places.isEmpty()) return false;
        List<Block> postOrder = new ArrayList<>(f.reversePostOrder());
        Collections.reverse(postOrder);
        Map<Block, Live> liveIn = new HashMap<>();
        for (boolean changed = true; changed; ) {
            changed = false;
            for (Block b : postOrder) {
                Live in = liveOut(b, liveIn);
                for (Instruction i : backwards(b)) transfer(i, in, places, null);
                if (!in.equals(liveIn.get(b))) {
                    liveIn.put(b, in);
                    changed = true;
                }
            }
        }
        List<Instruction> dead = new ArrayList<>();
        for (Block b : postOrder) {
            Live live = liveOut(b, liveIn);
            for (Instruction i : backwards(b)) transfer(i, live, places, dead);
        }
        for (Instruction s : dead) s.block().remove(s);
        return !dead.isEmpty();
    }

    private static List<Instruction> backwards(Block b) {
        List<Instruction> ins = new ArrayList<>(b.instructions());
        Collections.reverse(ins);
        return ins;
    }

    /** What the successors of {@code b} may read (nothing yet of one not visited). */
    private static Live liveOut(Block b, Map<Block, Live> liveIn) {
        Live out = new Live(new HashMap<>());
        for (Block s : b.successors()) {
            Live in = liveIn.get(s);
            if (in != null) out.addAll(in);
        }
        return out;
    }

    /** Takes {@code live} from after {@code i} to before it; adds {@code i} to {@code dead} (when given) if it is a dead store. */
    private static void transfer(Instruction i, Live live, Map<Value, Place> places, List<Instruction> dead) {
        switch (i.op()) {
            case STORE -> {
                Place at = places.get(i.operand(0));
                if (at == null) return;
                long start = at.offset() + i.offset();
                if (!within(at, start, i.size())) return;
                BitSet bytes = live.of(at.object());
                if (dead != null && bytes.get((int) start, (int) start + i.size()).isEmpty()) dead.add(i);
                bytes.clear((int) start, (int) start + i.size());
            }
            case LOAD, ATOMIC -> {
                Place at = places.get(i.operand(0));
                if (at == null) return;
                long start = at.offset() + i.offset();
                if (within(at, start, i.size())) live.of(at.object()).set((int) start, (int) start + i.size());
                else readAll(at, live);
            }
            case PTR_ADD, COPY -> { }
            default -> {
                // the helper reads its arguments before it writes the filled one: kill, then read
                int filled = i.op() == Op.HELPER_CALL ? i.filledArg() : -1;
                Place target = filled >= 0 ? places.get(i.operand(filled)) : null;
                boolean filling = target != null && fills(i, target);
                if (filling) {
                    live.of(target.object()).clear((int) target.offset(), (int) (target.offset() + ((Constant) i.operand(filled + 1)).value()));
                }
                for (int k = 0; k < i.operands().size(); k++) {
                    Place at = places.get(i.operand(k));
                    if (at != null && !(k == filled && filling)) readAll(at, live);
                }
            }
        }
    }

    /** Whether helper call {@code i} writes a known range of the object its filled argument points into, {@code at}. */
    private static boolean fills(Instruction i, Place at) {
        return i.operand(i.filledArg() + 1) instanceof Constant n && within(at, at.offset(), n.value());
    }

    private static void readAll(Place at, Live live) {
        live.of(at.object()).set(0, at.object().size());
    }

    private static boolean within(Place at, long start, long size) {
        return start >= 0 && size > 0 && start + size <= at.object().size();
    }
}
