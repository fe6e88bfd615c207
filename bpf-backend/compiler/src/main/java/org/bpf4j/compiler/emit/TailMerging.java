package org.bpf4j.compiler.emit;

import java.util.HashSet;
import java.util.List;
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

    /** Merges the one pair of tails that saves most; false if none saves anything. */
    static boolean run(MFunction f) {
        List<MBlock> blocks = f.blocks();
        Set<MBlock> fallenInto = new HashSet<>();
        fallenInto.add(blocks.get(0));   // the entry is entered from outside
        for (int k = 0; k + 1 < blocks.size(); k++) if (blocks.get(k).fallsThrough()) fallenInto.add(blocks.get(k + 1));
        MBlock bestKeep = null, bestDrop = null;
        int bestLength = 0, bestGain = 0;
        for (int a = 0; a < blocks.size(); a++) {
            for (int b = 0; b < blocks.size(); b++) {
                MBlock keep = blocks.get(a), drop = blocks.get(b);
                if (a == b || !Objects.equals(destination(f, keep), destination(f, drop))) continue;
                int length = commonTail(keep, drop);
                if (length == 0) continue;
                List<MInsn> dropped = drop.insns();
                int gain = endsInJump(drop) ? 1 : 0;
                for (MInsn i : dropped.subList(dropped.size() - length - gain, dropped.size() - gain)) gain += i.insn().slots();
                // the dropping block becomes a jump into the kept tail, which the jumps to it take instead when it is all tail
                boolean whole = length + (endsInJump(drop) ? 1 : 0) == dropped.size();
                if (!(whole && !fallenInto.contains(drop))) gain -= 1;
                if (gain > bestGain) {
                    bestGain = gain;
                    bestKeep = keep;
                    bestDrop = drop;
                    bestLength = length;
                }
            }
        }
        if (bestKeep == null) return false;
        merge(f, bestKeep, bestDrop, bestLength);
        return true;
    }

    /** Where control goes after the block: the exit (as the block itself, which has no successor), or a block. */
    private static Object destination(MFunction f, MBlock b) {
        List<MInsn> insns = b.insns();
        if (insns.isEmpty()) return null;
        MInsn last = insns.get(insns.size() - 1);
        if (last.insn().isExit()) return "exit";
        if (last.insn().format() == InsnFormat.JA) return last.target();
        int at = f.blocks().indexOf(b);
        return at + 1 < f.blocks().size() ? f.blocks().get(at + 1) : null;
    }

    private static boolean endsInJump(MBlock b) {
        List<MInsn> insns = b.insns();
        return !insns.isEmpty() && insns.get(insns.size() - 1).insn().format() == InsnFormat.JA;
    }

    /** How many instructions before the blocks' final jumps (if any) are the same. */
    private static int commonTail(MBlock x, MBlock y) {
        List<MInsn> a = x.insns(), b = y.insns();
        int i = a.size() - (endsInJump(x) ? 1 : 0), j = b.size() - (endsInJump(y) ? 1 : 0), n = 0;
        while (i > 0 && j > 0 && same(a.get(--i), b.get(--j))) n++;
        return n;
    }

    private static boolean same(MInsn a, MInsn b) {
        return a.resolve().equals(b.resolve()) && a.target() == b.target() && Objects.equals(a.symbol(), b.symbol())
                && a.relocKind() == b.relocKind() && Objects.equals(a.core(), b.core());
    }

    private static void merge(MFunction f, MBlock keep, MBlock drop, int length) {
        List<MInsn> kept = keep.insns();
        int start = kept.size() - length - (endsInJump(keep) ? 1 : 0);
        MBlock tail = keep;
        if (start > 0) {
            tail = f.detachedBlock(keep.name() + ".tail");
            List<MInsn> moved = kept.subList(start, kept.size());
            tail.insns().addAll(moved);
            moved.clear();
            f.blocks().add(f.blocks().indexOf(keep) + 1, tail);
        }
        List<MInsn> dropped = drop.insns();
        dropped.subList(dropped.size() - length - (endsInJump(drop) ? 1 : 0), dropped.size()).clear();
        dropped.add(MInsn.jump(Insn.ja(0), MRegs.NONE, MRegs.NONE, tail));
    }
}
