package org.bpf4j.compiler.regalloc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Orders a set of simultaneous register copies {@code dst ← src} into sequential moves: a copy
 * is emitted once no pending copy still reads its destination; cycles are broken with a
 * temporary register.
 */
public final class ParallelCopy {
    private ParallelCopy() {}

    /** @return moves as {@code {dst, src}} pairs in execution order */
    public static List<int[]> sequentialize(List<int[]> copies, IntSupplier newTemp) {
        Map<Integer, Integer> pending = new LinkedHashMap<>();
        for (int[] c : copies) {
            if (c[0] == c[1]) continue;
            if (pending.put(c[0], c[1]) != null) throw new IllegalArgumentException("register " + MRegs.name(c[0]) + " is assigned twice in one parallel copy");
        }
        List<int[]> out = new ArrayList<>();
        while (!pending.isEmpty()) {
            Integer ready = null;
            for (int d : pending.keySet()) {
                if (!pending.containsValue(d)) {
                    ready = d;
                    break;
                }
            }
            if (ready != null) {
                out.add(new int[] {ready, pending.remove(ready)});
                continue;
            }
            // every destination is still read: a cycle; save one destination in a temporary
            int d = pending.keySet().iterator().next();
            int t = newTemp.getAsInt();
            out.add(new int[] {t, d});
            for (Map.Entry<Integer, Integer> e : pending.entrySet()) if (e.getValue() == d) e.setValue(t);
        }
        return out;
    }
}
