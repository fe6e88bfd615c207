package org.bpf4j.compiler.opt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
