package org.bpf4j.object.btf;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * Whole-graph checks every {@link Btf} passes, so lookups can follow links without guards:
 * every referenced id exists, no type contains itself by value (through modifiers, typedefs,
 * array elements, struct/union members, vars or datasecs; only pointers may close a loop), and
 * struct/union members and array elements have sized types.
 */
final class TypeGraphChecks {
    private static final byte UNSEEN = 0;
    private static final byte ON_PATH = 1;
    private static final byte DONE = 2;

    private TypeGraphChecks() {
    }

    /** Creates the exception for a broken type (parse and build report differently). */
    @FunctionalInterface
    interface Errors {
        RuntimeException error(int id, BtfType type, String problem);
    }

    static void check(List<BtfType> types, Errors errors) {
        checkReferences(types, errors);
        checkNoValueCycles(types, errors);
        checkMembersHaveSizes(types, errors);
    }

    /** Kinds a struct member or array element may have (after modifiers): those with a size. */
    private static final EnumSet<BtfKind> SIZED = EnumSet.of(BtfKind.INT, BtfKind.PTR, BtfKind.ARRAY,
            BtfKind.STRUCT, BtfKind.UNION, BtfKind.ENUM, BtfKind.ENUM64, BtfKind.FLOAT);

    /** As the kernel demands: members and array elements are data, not functions, tags or variables. */
    private static void checkMembersHaveSizes(List<BtfType> types, Errors errors) {
        for (int i = 0; i < types.size(); i++) {
            BtfType t = types.get(i);
            if (t instanceof BtfType.Composite) {
                for (BtfType.Member m : ((BtfType.Composite) t).members()) {
                    requireSized(types, i + 1, t, m.type(), "member '" + m.name() + "'", errors);
                }
            } else if (t instanceof BtfType.Array) {
                requireSized(types, i + 1, t, ((BtfType.Array) t).elementType(), "element type", errors);
            }
        }
    }

    private static void requireSized(List<BtfType> types, int id, BtfType owner, int ref, String what, Errors errors) {
        int current = ref;
        while (current != 0) {
            BtfType t = types.get(current - 1);
            int next = modifierTarget(t);
            if (next < 0) {
                if (SIZED.contains(t.kind())) {
                    return;
                }
                throw errors.error(id, owner, what + " has type #" + current + " (" + t.kind() + "), which has no size");
            }
            current = next;
        }
        throw errors.error(id, owner, what + " has type void");
    }

    /** The type a typedef, const, volatile, restrict or type tag stands for; -1 for other kinds. */
    private static int modifierTarget(BtfType t) {
        switch (t.kind()) {
            case TYPEDEF:
                return ((BtfType.Typedef) t).type();
            case CONST:
                return ((BtfType.Const) t).type();
            case VOLATILE:
                return ((BtfType.Volatile) t).type();
            case RESTRICT:
                return ((BtfType.Restrict) t).type();
            case TYPE_TAG:
                return ((BtfType.TypeTag) t).type();
            default:
                return -1;
        }
    }

    private static void checkReferences(List<BtfType> types, Errors errors) {
        int max = types.size();
        for (int i = 0; i < types.size(); i++) {
            int id = i + 1;
            BtfType t = types.get(i);
            t.forEachTypeRef(ref -> {
                if (ref < 0 || ref > max) {
                    throw errors.error(id, t, "refers to type id " + Integer.toUnsignedString(ref)
                            + " but the largest id is " + max);
                }
            });
        }
    }

    /** Iterative depth-first search over by-value edges (vmlinux has 100k+ types; no recursion). */
    private static void checkNoValueCycles(List<BtfType> types, Errors errors) {
        int n = types.size();
        byte[] state = new byte[n + 1];
        int[][] edges = new int[n + 1][];
        for (int id = 1; id <= n; id++) {
            edges[id] = valueEdges(types.get(id - 1));
        }
        int[] stack = new int[n + 1];
        int[] next = new int[n + 1];
        for (int root = 1; root <= n; root++) {
            if (state[root] != UNSEEN) {
                continue;
            }
            int depth = 0;
            stack[0] = root;
            next[0] = 0;
            state[root] = ON_PATH;
            while (depth >= 0) {
                int id = stack[depth];
                if (next[depth] == edges[id].length) {
                    state[id] = DONE;
                    depth--;
                    continue;
                }
                int target = edges[id][next[depth]++];
                if (target == 0 || state[target] == DONE) {
                    continue;
                }
                if (state[target] == ON_PATH) {
                    throw errors.error(target, types.get(target - 1), "contains itself (a type cycle not broken by a pointer)");
                }
                state[target] = ON_PATH;
                depth++;
                stack[depth] = target;
                next[depth] = 0;
            }
        }
    }

    private static int[] valueEdges(BtfType t) {
        switch (t.kind()) {
            case PTR:
            case FUNC:
            case FUNC_PROTO:
            case DECL_TAG:
                return new int[0];
            case ARRAY:
                return new int[] {((BtfType.Array) t).elementType()};
            default: {
                int[][] refs = {new int[4]};
                int[] count = {0};
                t.forEachTypeRef(ref -> {
                    if (count[0] == refs[0].length) {
                        refs[0] = Arrays.copyOf(refs[0], count[0] * 2);
                    }
                    refs[0][count[0]++] = ref;
                });
                return Arrays.copyOf(refs[0], count[0]);
            }
        }
    }
}
