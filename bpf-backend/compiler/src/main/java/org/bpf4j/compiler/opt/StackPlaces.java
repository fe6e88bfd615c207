package org.bpf4j.compiler.opt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Value;

/**
 * The stack objects whose every access the passes can see: objects whose address goes nowhere
 * but into loads, stores, atomics and call arguments, directly or offset by a constant.
 */
final class StackPlaces {
    private StackPlaces() {}

    /** Where a pointer points: {@code offset} bytes into the stack object {@code object}. */
    record Place(Instruction object, long offset) {}

    /** Every pointer into a stack object that does not escape, with where it points. */
    static Map<Value, Place> of(Function f) {
        Map<Value, List<Instruction>> users = Edits.users(f);
        Map<Value, Place> places = new HashMap<>();
        for (Instruction i : f.instructions()) {
            if (i.op() != Op.STACK_ALLOC) continue;
            Map<Value, Place> mine = new HashMap<>();
            if (follow(i, new Place(i, 0), users, mine)) places.putAll(mine);
        }
        return places;
    }

    /**
     * Every pointer that is a stack object offset by constants, with where it points, whether
     * or not the object escapes (a pass using it must itself allow for accesses it cannot place).
     */
    static Map<Value, Place> atConstantOffsets(Function f) {
        Map<Value, Place> places = new HashMap<>();
        for (Block b : f.reversePostOrder()) {
            for (Instruction i : b.instructions()) {
                Place at = switch (i.op()) {
                    case STACK_ALLOC -> new Place(i, 0);
                    case COPY -> places.get(i.operand(0));
                    case PTR_ADD -> {
                        Place base = places.get(i.operand(0));
                        yield base != null && i.operand(1) instanceof Constant c ? new Place(base.object(), base.offset() + c.value()) : null;
                    }
                    default -> null;
                };
                if (at != null) places.put(i, at);
            }
        }
        return places;
    }

    /** Records {@code p} and the pointers derived from it; false if one escapes (stored, merged, offset by a variable). */
    private static boolean follow(Value p, Place at, Map<Value, List<Instruction>> users, Map<Value, Place> places) {
        places.put(p, at);
        for (Instruction u : users.getOrDefault(p, List.of())) {
            switch (u.op()) {
                case LOAD, ATOMIC, MAP_LOOKUP, MAP_UPDATE, MAP_DELETE, HELPER_CALL, CALL -> {
                    if (u.op() == Op.ATOMIC && u.operands().lastIndexOf(p) != 0) return false;
                }
                case STORE -> {
                    if (u.operand(1) == p) return false;
                }
                case PTR_ADD -> {
                    if (u.operand(0) != p || !(u.operand(1) instanceof Constant c)) return false;
                    if (!follow(u, new Place(at.object, at.offset + c.value()), users, places)) return false;
                }
                case COPY -> {
                    if (!follow(u, at, users, places)) return false;
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }
}
