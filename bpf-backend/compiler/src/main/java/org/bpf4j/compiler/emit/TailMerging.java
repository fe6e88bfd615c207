package org.bpf4j.compiler.emit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bpf4j.compiler.mir.MBlock;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.mir.MInsn;
import org.bpf4j.compiler.regalloc.MRegs;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.InsnFormat;

/**
 * Cross-jumping: two blocks ending in the same instructions and going on to the same place (an
 * {@code exit}, or one block by jump or fall-through) keep one copy of that tail; the other block
 * jumps into it. Done only when it saves slots: the copy removed must outweigh the jump added.
 * The instructions are identical, so every path still runs the same code; the verifier follows
 * each path on its own as before.
 */
final class TailMerging {
    private TailMerging() {}

    /**
     * A block's instructions up to its final jump, and where control goes next: "exit", or the
     * block jumped or fallen to. Going on to a block holding only {@code exit} counts as ending in
     * that {@code exit} ({@code exitAfter}), which is not one of the block's own instructions.
     */
    private record Ending(List<MInsn> insns, MInsn exitAfter, Object destination) {
        static Ending of(MFunction f, MBlock b) {
            List<MInsn> insns = b.insns();
            if (insns.isEmpty()) return null;
            MInsn last = insns.get(insns.size() - 1);
            if (last.insn().isExit()) return new Ending(insns, null, "exit");
            boolean jumps = last.insn().format() == InsnFormat.JA;
            int at = f.blocks().indexOf(b);
            MBlock next = jumps ? last.target() : at + 1 < f.blocks().size() ? f.blocks().get(at + 1) : null;
            List<MInsn> own = jumps ? insns.subList(0, insns.size() - 1) : insns;
            if (next != null && next.insns().size() == 1 && next.insns().get(0).insn().isExit()) {
                return new Ending(own, next.insns().get(0), "exit");
            }
            return new Ending(own, null, next);
        }

        int length() { return insns.size() + (exitAfter == null ? 0 : 1); }

        /** The {@code k}-th instruction from the end, 0 being the last. */
        MInsn fromEnd(int k) {
            if (exitAfter != null) {
                if (k == 0) return exitAfter;
                k--;
            }
            return insns.get(insns.size() - 1 - k);
        }

        /** How many of the last {@code n} instructions are the block's own. */
        int own(int n) { return n - (exitAfter == null ? 0 : 1); }
    }

    /** Merges the one pair of tails that saves most; false if none saves anything. */
    static boolean run(MFunction f) {
        List<MBlock> blocks = f.blocks();
        Set<MBlock> fallenInto = new HashSet<>();
        fallenInto.add(blocks.get(0));   // the entry is entered from outside
        for (int k = 0; k + 1 < blocks.size(); k++) if (blocks.get(k).fallsThrough()) fallenInto.add(blocks.get(k + 1));
        // only blocks with the same destination and last instruction can share a tail
        Map<MBlock, Ending> endings = new HashMap<>();
        Map<List<Object>, List<MBlock>> alike = new LinkedHashMap<>();
        for (MBlock b : blocks) {
            Ending e = Ending.of(f, b);
            if (e == null || e.destination() == null || e.length() == 0) continue;
            endings.put(b, e);
            MInsn i = e.fromEnd(0);
            alike.computeIfAbsent(Arrays.asList(e.destination(), i.resolve(), i.target(), i.symbol(), i.relocKind(), i.core()),
                    k -> new ArrayList<>()).add(b);
        }
        MBlock bestKeep = null, bestDrop = null;
        int bestLength = 0, bestGain = 0;
        for (List<MBlock> group : alike.values()) {
            for (MBlock keep : group) {
                for (MBlock drop : group) {
                    if (keep == drop) continue;
                    Ending k = endings.get(keep), d = endings.get(drop);
                    int length = 0;
                    while (length < k.length() && length < d.length() && same(k.fromEnd(length), d.fromEnd(length))) length++;
                    int own = d.own(length);
                    boolean jumps = d.insns().size() < drop.insns().size();
                    int gain = jumps ? 1 : 0;
                    for (MInsn i : d.insns().subList(d.insns().size() - own, d.insns().size())) gain += i.insn().slots();
                    // the dropping block becomes a jump into the kept tail, which the jumps to it take instead when it is all tail
                    if (!(own == d.insns().size() && !fallenInto.contains(drop))) gain -= 1;
                    if (gain > bestGain) {
                        bestGain = gain;
                        bestKeep = keep;
                        bestDrop = drop;
                        bestLength = length;
                    }
                }
            }
        }
        if (bestKeep == null) return false;
        merge(f, bestKeep, endings.get(bestKeep), bestDrop, endings.get(bestDrop), bestLength);
        return true;
    }

    private static boolean same(MInsn a, MInsn b) {
        return a.resolve().equals(b.resolve()) && a.target() == b.target() && Objects.equals(a.symbol(), b.symbol())
                && a.relocKind() == b.relocKind() && Objects.equals(a.core(), b.core());
    }

    private static void merge(MFunction f, MBlock keep, Ending k, MBlock drop, Ending d, int length) {
        int start = k.insns().size() - k.own(length);
        MBlock tail;
        if (start == k.insns().size()) {
            tail = destinationBlock(f, keep);   // only the exit after it is shared
        } else if (start == 0) {
            tail = keep;
        } else {
            tail = f.detachedBlock(keep.name() + ".tail");
            List<MInsn> moved = keep.insns().subList(start, keep.insns().size());
            tail.insns().addAll(moved);
            moved.clear();
            f.blocks().add(f.blocks().indexOf(keep) + 1, tail);
        }
        List<MInsn> dropped = drop.insns();
        dropped.subList(d.insns().size() - d.own(length), dropped.size()).clear();
        dropped.add(MInsn.jump(Insn.ja(0), MRegs.NONE, MRegs.NONE, tail));
    }

    private static MBlock destinationBlock(MFunction f, MBlock b) {
        List<MInsn> insns = b.insns();
        MInsn last = insns.get(insns.size() - 1);
        return last.insn().format() == InsnFormat.JA ? last.target() : f.blocks().get(f.blocks().indexOf(b) + 1);
    }
}
