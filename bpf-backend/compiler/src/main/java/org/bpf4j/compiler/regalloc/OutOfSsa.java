package org.bpf4j.compiler.regalloc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.mir.MBlock;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.mir.MInsn;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.Insn;

/**
 * Phi elimination's two halves. Before selection, {@link #splitCriticalEdges} splits every
 * critical edge into a block with phis (an edge from a block with several successors to one with
 * several predecessors), so that each phi's copies can sit at the end of its predecessor without
 * running on other paths. After selection, {@link #hoistEdgeCopies} moves the copies of an edge
 * block back above the branch where the other way does not need what they overwrite, which saves
 * the edge block's jump ({@code w1 = 3; if w2 < 16 goto join} instead of a jump to {@code w1 = 3;
 * goto join}).
 *
 * <p>An edge block goes just before its target when the edge runs forward, else just after its
 * source, so straight-line code keeps jumping forward. Edge blocks gathered at the end would add a
 * backward jump per edge, crossing the forward branches: besides the longer jumps, crossed jumps
 * whose x86 lengths sit near the 8-bit boundary keep the kernel's JIT from converging, and it
 * refuses the program (ENOTSUPP after the verifier has accepted it).
 */
public final class OutOfSsa {
    private OutOfSsa() {}

    public static void splitCriticalEdges(Function f) {
        Map<Block, List<Block>> preds = f.predecessors();
        List<Block> layout = new ArrayList<>(f.blocks());
        Map<Block, List<Block>> before = new HashMap<>();
        Map<Block, List<Block>> after = new HashMap<>();
        FunctionBuilder b = FunctionBuilder.editing(f);
        for (Block from : layout) {
            Instruction t = from.terminator();
            if (t == null || t.targets().size() < 2) continue;
            for (int k = 0; k < t.targets().size(); k++) {
                Block to = t.targets().get(k);
                if (to.phis().isEmpty() || preds.get(to).size() < 2) continue;
                if (t.targets().get(0) == t.targets().get(1)) {
                    throw new IllegalStateException("block " + from.name() + " branches twice to " + to.name() + ", which has phis; simplify the branch first");
                }
                Block mid = b.newBlock("edge");
                b.setBlock(mid);
                b.at(t.pos());
                b.br(to);
                t.setTarget(k, mid);
                for (Phi p : to.phis()) p.replaceIncomingBlock(from, mid);
                boolean forward = layout.indexOf(to) > layout.indexOf(from);
                (forward ? before : after).computeIfAbsent(forward ? to : from, x -> new ArrayList<>()).add(mid);
            }
        }
        List<Block> order = new ArrayList<>();
        for (Block x : layout) {
            order.addAll(before.getOrDefault(x, List.of()));
            order.add(x);
            order.addAll(after.getOrDefault(x, List.of()));
        }
        f.setBlockOrder(order);
    }

    /**
     * For each edge block (copies and moves of constants, entered only from one predecessor) whose
     * writes are dead on the predecessor's other ways and not read by its jumps: the copies move
     * above those jumps, which then go straight to the edge's target, and the edge block goes.
     */
    public static void hoistEdgeCopies(MFunction f) {
        Liveness live = new Liveness(f);
        List<MBlock> blocks = f.blocks();
        for (int at = 1; at + 1 < blocks.size(); at++) {
            MBlock edge = blocks.get(at);
            List<MInsn> copies = copies(edge);
            MBlock from = onlyPredecessor(f, edge);
            if (copies == null || from == null) continue;
            MBlock to = copies.size() < edge.insns().size() ? edge.insns().get(copies.size()).target() : blocks.get(at + 1);
            Set<Integer> written = new HashSet<>();
            for (MInsn i : copies) written.addAll(i.defs());
            List<MInsn> jumps = trailingJumps(from);
            boolean dead = jumps.stream().flatMap(j -> j.uses().stream()).noneMatch(written::contains);
            for (MBlock other : f.successors(from)) {
                if (other != edge) dead &= written.stream().noneMatch(live.liveIn(other)::get);
            }
            if (!dead) continue;
            boolean fallsIn = from.fallsThrough() && blocks.indexOf(from) + 1 == at;
            from.insns().addAll(from.insns().size() - jumps.size(), copies);
            for (MInsn j : jumps) if (j.target() == edge) j.setTarget(to);
            if (fallsIn) from.add(MInsn.jump(Insn.ja(0), MRegs.NONE, MRegs.NONE, to));
            blocks.remove(at--);
            live = new Liveness(f);
        }
    }

    /** The block that is the only way into {@code b}, or null. */
    private static MBlock onlyPredecessor(MFunction f, MBlock b) {
        MBlock only = null;
        for (MBlock p : f.blocks()) {
            if (!f.successors(p).contains(b)) continue;
            if (only != null) return null;
            only = p;
        }
        return only;
    }

    /** The instructions of {@code b} before its jump when they are all moves (a phi's copies), else null. */
    private static List<MInsn> copies(MBlock b) {
        List<MInsn> insns = b.insns();
        int n = insns.size();
        if (n > 0 && insns.get(n - 1).insn().isUnconditionalJump()) n--;
        if (n == 0) return null;
        for (MInsn i : insns.subList(0, n)) {
            if (!i.insn().isAlu() || i.insn().aluOp() != AluOp.MOV || i.symbol() != null) return null;
        }
        return List.copyOf(insns.subList(0, n));
    }

    private static List<MInsn> trailingJumps(MBlock b) {
        List<MInsn> insns = b.insns();
        int first = insns.size();
        while (first > 0 && insns.get(first - 1).insn().isJump()) first--;
        return List.copyOf(insns.subList(first, insns.size()));
    }
}
