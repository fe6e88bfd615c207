package org.bpf4j.compiler.emit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bpf4j.compiler.mir.MBlock;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.mir.MInsn;

/**
 * The allocated instructions of a function as a flow graph of single instructions, numbered in
 * layout order, with the physical registers live before each (one bit per register).
 */
final class InsnGraph {
    final List<MInsn> insns = new ArrayList<>();
    final List<MBlock> blockOf = new ArrayList<>();
    final List<List<Integer>> succ = new ArrayList<>();
    final List<List<Integer>> pred = new ArrayList<>();
    final int[] liveBefore;
    /** Immediate dominators (the entry's is itself; -1 where unreachable). */
    final int[] idom;
    private final int[] order;   // reverse postorder numbers
    private final Map<MBlock, Integer> first = new HashMap<>();

    InsnGraph(MFunction f) {
        List<MBlock> blocks = f.blocks();
        for (MBlock b : blocks) {
            for (MInsn i : b.insns()) {
                insns.add(i);
                blockOf.add(b);
            }
        }
        // the first instruction of each block, or of the block it falls into when empty
        int at = insns.size(), firstOfNext = -1;
        for (int k = blocks.size() - 1; k >= 0; k--) {
            MBlock b = blocks.get(k);
            if (!b.insns().isEmpty()) at -= b.insns().size();
            first.put(b, b.insns().isEmpty() ? firstOfNext : at);
            firstOfNext = first.get(b);
        }
        for (int n = 0; n < insns.size(); n++) {
            succ.add(new ArrayList<>(2));
            pred.add(new ArrayList<>(2));
        }
        for (int n = 0; n < insns.size(); n++) {
            MInsn i = insns.get(n);
            if (i.target() != null) edge(n, first.get(i.target()));
            if (!i.insn().endsBlock() && n + 1 < insns.size()) edge(n, n + 1);
        }
        liveBefore = new int[insns.size()];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int n = insns.size() - 1; n >= 0; n--) {
                int live = 0;
                for (int s : succ.get(n)) live |= liveBefore[s];
                for (int r : insns.get(n).defs()) live &= ~bit(r);
                for (int r : insns.get(n).uses()) live |= bit(r);
                if (live != liveBefore[n]) {
                    liveBefore[n] = live;
                    changed = true;
                }
            }
        }
        order = new int[insns.size()];
        idom = dominators();
    }

    private void edge(int from, int to) {
        if (to < 0 || succ.get(from).contains(to)) return;
        succ.get(from).add(to);
        pred.get(to).add(from);
    }

    static int bit(int reg) { return 1 << reg; }

    int size() { return insns.size(); }

    /** The instruction a jump to {@code b} reaches. */
    int first(MBlock b) { return first.get(b); }

    /** Instructions reachable from {@code from} (when {@code forward}) or reaching it, {@code from} included. */
    boolean[] reach(List<Integer> from, boolean forward) {
        boolean[] seen = new boolean[size()];
        List<Integer> work = new ArrayList<>(from);
        while (!work.isEmpty()) {
            int n = work.remove(work.size() - 1);
            if (seen[n]) continue;
            seen[n] = true;
            work.addAll(forward ? succ.get(n) : pred.get(n));
        }
        return seen;
    }

    /** Cooper, Harvey and Kennedy's iteration. */
    private int[] dominators() {
        int n = size();
        if (n == 0) return new int[0];
        List<Integer> rpo = new ArrayList<>();
        boolean[] visited = new boolean[n];
        int[] next = new int[n];
        List<Integer> stack = new ArrayList<>();
        stack.add(0);
        visited[0] = true;
        while (!stack.isEmpty()) {
            int top = stack.get(stack.size() - 1);
            if (next[top] < succ.get(top).size()) {
                int s = succ.get(top).get(next[top]++);
                if (!visited[s]) {
                    visited[s] = true;
                    stack.add(s);
                }
            } else {
                stack.remove(stack.size() - 1);
                rpo.add(top);
            }
        }
        Collections.reverse(rpo);
        for (int k = 0; k < rpo.size(); k++) order[rpo.get(k)] = k;
        int[] idom = new int[n];
        Arrays.fill(idom, -1);
        idom[0] = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int b : rpo) {
                if (b == 0) continue;
                int d = -1;
                for (int p : pred.get(b)) {
                    if (idom[p] < 0) continue;
                    d = d < 0 ? p : commonDominator(idom, p, d);
                }
                if (d != idom[b]) {
                    idom[b] = d;
                    changed = true;
                }
            }
        }
        return idom;
    }

    /** The nearest instruction dominating both {@code a} and {@code b} (both reachable). */
    int commonDominator(int a, int b) { return commonDominator(idom, a, b); }

    private int commonDominator(int[] idom, int a, int b) {
        while (a != b) {
            while (order[a] > order[b]) a = idom[a];
            while (order[b] > order[a]) b = idom[b];
        }
        return a;
    }
}
