package org.bpf4j.backend.btf;

import java.util.Arrays;
import java.util.List;

/**
 * Whole-graph checks every {@link Btf} passes, so lookups can follow links without guards:
 * every referenced id exists, and no type contains itself by value (through modifiers, typedefs,
 * array elements, struct/union members, vars or datasecs; only pointers may close a loop).
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
