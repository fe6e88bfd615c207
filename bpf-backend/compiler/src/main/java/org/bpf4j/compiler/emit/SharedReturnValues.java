package org.bpf4j.compiler.emit;

import java.util.ArrayList;
import java.util.List;
import org.bpf4j.compiler.mir.MBlock;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.mir.MInsn;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.AtomicOp;
import org.bpf4j.object.isa.InsnFormat;
import org.bpf4j.object.isa.Mode;
import org.bpf4j.object.isa.Reg;

/**
 * Early returns of one constant share another return's {@code exit}: a block {@code r0 = K; exit}
 * reached only by jumps goes, and {@code r0 = K} is set once at a point X dominating those jumps,
 * as clang does. Between X and the jumps r0 must keep K, so values the allocator put in r0 there
 * move to a register free over that region; no helper call may lie in it (calls clobber r0).
 * r0 is dead at X, so every path reaching the shared {@code exit} still has r0 written. One slot
 * less per block removed: the move is paid once, the block's two slots are saved.
 */
final class SharedReturnValues {
    private SharedReturnValues() {}

    static boolean run(MFunction f) {
        for (MBlock e : f.blocks()) {
            if (isConstantReturn(f, e) && share(f, e)) return true;
        }
        return false;
    }

    /** {@code r0 = K; exit}, entered by jumps only. */
    private static boolean isConstantReturn(MFunction f, MBlock b) {
        List<MInsn> insns = b.insns();
        if (insns.size() != 2 || !insns.get(1).insn().isExit()) return false;
        MInsn set = insns.get(0);
        if (set.insn().format() != InsnFormat.ALU_IMM || set.insn().aluOp() != AluOp.MOV || set.dst() != Reg.R0 || set.core() != null) {
            return false;
        }
        int at = f.blocks().indexOf(b);
        return at > 0 && !f.blocks().get(at - 1).fallsThrough();
    }

    private static boolean share(MFunction f, MBlock e) {
        MBlock exit = otherExit(f, e);
        if (exit == null) return false;   // the only return: nothing to share
        InsnGraph g = new InsnGraph(f);
        List<Integer> jumps = new ArrayList<>();
        for (int n = 0; n < g.size(); n++) {
            if (g.insns.get(n).target() == e) {
                if (g.idom[n] < 0) return false;   // unreachable: left to removeUnreachable
                jumps.add(n);
            }
        }
        if (jumps.isEmpty()) return false;
        int x = jumps.get(0);
        for (int j : jumps) x = g.commonDominator(x, j);
        boolean[] toJumps = g.reach(jumps, false);
        int eFirst = g.first(e);
        while (true) {
            if ((g.liveBefore[x] & InsnGraph.bit(Reg.R0)) == 0) {
                Boolean done = tryAt(f, g, x, toJumps, jumps, eFirst, e, exit);
                if (done != null) return done;
            }
            if (x == 0) return false;
            x = g.idom[x];
        }
    }

    /** Shares from X = {@code x}: true when done, false when no earlier X can work, null to try an earlier X. */
    private static Boolean tryAt(MFunction f, InsnGraph g, int x, boolean[] toJumps, List<Integer> jumps, int eFirst, MBlock e, MBlock exit) {
        boolean[] fromX = g.reach(List.of(x), true);
        List<Integer> region = new ArrayList<>();
        for (int n = 0; n < g.size(); n++) if (fromX[n] && toJumps[n]) region.add(n);
        boolean[] in = new boolean[g.size()];
        for (int n : region) in[n] = true;
        int used = InsnGraph.bit(Reg.R10), live = 0;
        for (int n : region) {
            MInsn i = g.insns.get(n);
            if (implicitR0(i)) return false;
            for (int r : i.uses()) used |= InsnGraph.bit(r);
            for (int r : i.defs()) used |= InsnGraph.bit(r);
            live |= g.liveBefore[n];
            // values in r0 must not cross the region's border: they are renamed inside only
            for (int s : g.succ.get(n)) {
                if (!in[s] && s != eFirst && (g.liveBefore[s] & InsnGraph.bit(Reg.R0)) != 0) return null;
            }
            if (n != x) {
                for (int p : g.pred.get(n)) {
                    if (!in[p] && (g.liveBefore[n] & InsnGraph.bit(Reg.R0)) != 0) return null;
                }
            }
        }
        int free = -1;
        for (int r = Reg.R1; r <= Reg.R9 && free < 0; r++) {
            if (((used | live) & InsnGraph.bit(r)) == 0) free = r;
        }
        boolean renames = (used & InsnGraph.bit(Reg.R0)) != 0;
        if (renames && free < 0) return false;
        for (int n : region) {
            MInsn i = g.insns.get(n);
            if (i.dst() == Reg.R0) i.setDst(free);
            if (i.src() == Reg.R0) i.setSrc(free);
        }
        MInsn set = e.insns().get(0);
        MInsn at = g.insns.get(x);
        List<MInsn> host = g.blockOf.get(x).insns();
        host.add(host.indexOf(at), MInsn.of(set.insn(), set.dst(), set.src()).at(set.pos()));
        MBlock shared = exit.insns().size() == 1 ? exit : splitExit(f, exit);
        for (int j : jumps) g.insns.get(j).setTarget(shared);
        return true;
    }

    /** Whether the instruction reads or writes r0 other than through its register fields. */
    private static boolean implicitR0(MInsn i) {
        return i.insn().isCall() || i.insn().isExit()
                || (i.insn().isAtomic() && i.insn().atomicOp() == AtomicOp.CMPXCHG)
                || (i.insn().isLoad() && (i.insn().mode() == Mode.ABS || i.insn().mode() == Mode.IND));
    }

    /** A block other than e ending in {@code exit}, preferably holding nothing else; null if there is none. */
    private static MBlock otherExit(MFunction f, MBlock e) {
        MBlock found = null;
        for (MBlock b : f.blocks()) {
            List<MInsn> insns = b.insns();
            if (b == e || insns.isEmpty() || !insns.get(insns.size() - 1).insn().isExit()) continue;
            if (insns.size() == 1) return b;
            if (found == null) found = b;
        }
        return found;
    }

    /** The {@code exit} ending {@code b}, as a block of its own placed after it. */
    private static MBlock splitExit(MFunction f, MBlock b) {
        MBlock exit = f.detachedBlock(b.name() + ".exit");
        exit.add(b.insns().remove(b.insns().size() - 1));
        f.blocks().add(f.blocks().indexOf(b) + 1, exit);
        return exit;
    }
}
