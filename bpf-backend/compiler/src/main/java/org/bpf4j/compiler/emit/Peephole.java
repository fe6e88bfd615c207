package org.bpf4j.compiler.emit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpf4j.compiler.mir.MBlock;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.mir.MInsn;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.InsnClass;
import org.bpf4j.object.isa.InsnFormat;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.object.isa.JmpOp;
import org.bpf4j.object.isa.Reg;

/**
 * Clean-ups on allocated machine code, repeated until nothing changes: jumps to the next block
 * go; jumps to a block that only jumps on are threaded; identical exit blocks
 * ({@code r0 = K; exit}) are shared; a reload of the value just stored to the same stack slot
 * from the same register goes; loads through a copy of a register read the register itself;
 * unreachable blocks go. Then early returns of one constant share
 * an {@code exit} ({@link SharedReturnValues}) and blocks with the same tail share it
 * ({@link TailMerging}). No rewrite leaves the target ISA level.
 */
public final class Peephole {
    private Peephole() {}

    public static void run(MFunction f, IsaLevel level) {
        cleanUp(f, level, false);
        skipKnownReturnValues(f);
        // A jump sent past "r0 = K" can leave that move unreachable; the verifier refuses dead code.
        cleanUp(f, level, false);
        while (SharedReturnValues.run(f)) cleanUp(f, level, false);
        // last, as merged tails no longer look like the return blocks the steps above look for
        cleanUp(f, level, true);
    }

    private static void cleanUp(MFunction f, IsaLevel level, boolean mergeTails) {
        boolean changed = true;
        while (changed) {
            changed = threadJumps(f) | shareExitBlocks(f) | removeUnreachable(f) | removeJumpsToNext(f, level)
                    | removeRedundantReloads(f) | loadThroughTheOriginal(f);
            if (!changed && mergeTails) changed = TailMerging.run(f);
        }
    }

    /**
     * {@code if rX == K goto B} where rX is a copy of r0 and B is {@code r0 = K; exit}: r0 already
     * holds K there, so the jump may go straight to the {@code exit} (split off B). The verifier
     * knows it too: copies share bounds. Saves the constant move on that path, e.g. a null record
     * pointer returning 0.
     */
    private static void skipKnownReturnValues(MFunction f) {
        for (int bi = 0; bi < f.blocks().size(); bi++) {
            MBlock b = f.blocks().get(bi);
            Set<Integer> copiesOfR0 = new HashSet<>();
            for (MInsn i : b.insns()) {
                if (i.insn().isConditionalJump() && i.insn().cls() == InsnClass.JMP
                        && i.insn().jmpOp() == JmpOp.JEQ && i.insn().format() == InsnFormat.JMP_IMM
                        && (i.dst() == Reg.R0 || copiesOfR0.contains(i.dst()))) {
                    MBlock exit = exitAfterSetting(f, i.target(), i.insn().imm32());
                    if (exit != null) i.setTarget(exit);
                }
                if (i.isCopy() && i.src() == Reg.R0) copiesOfR0.add(i.dst());
                else for (int d : i.defs()) {
                    if (d == Reg.R0) copiesOfR0.clear();
                    copiesOfR0.remove(d);
                }
            }
        }
    }

    /** For a block {@code r0 = K; exit} with K ≥ 0, the block holding its {@code exit} alone (split off if needed); else null. */
    private static MBlock exitAfterSetting(MFunction f, MBlock b, int k) {
        List<MInsn> insns = b.insns();
        if (insns.size() != 2 || !insns.get(1).insn().isExit() || k < 0) return null;
        Insn set = insns.get(0).insn();
        if (set.format() != InsnFormat.ALU_IMM || set.aluOp() != AluOp.MOV || insns.get(0).dst() != Reg.R0 || set.imm32() != k) return null;
        if (insns.get(0).core() != null) return null;   // the loader changes K
        MBlock exit = f.detachedBlock(b.name() + ".exit");
        exit.add(insns.remove(1));
        f.blocks().add(f.blocks().indexOf(b) + 1, exit);
        return exit;
    }

    private static boolean removeJumpsToNext(MFunction f, IsaLevel level) {
        boolean changed = false;
        List<MBlock> blocks = f.blocks();
        for (int k = 0; k + 1 < blocks.size(); k++) {
            MBlock b = blocks.get(k), next = blocks.get(k + 1);
            List<MInsn> insns = b.insns();
            // trailing jumps (conditional or not) to the next block do nothing
            while (!insns.isEmpty() && insns.get(insns.size() - 1).target() == next) {
                insns.remove(insns.size() - 1);
                changed = true;
            }
            // "if c goto next+1; goto X" where the first jumps over the second: invert
            int n = insns.size();
            if (n >= 2 && insns.get(n - 1).insn().format() == InsnFormat.JA && insns.get(n - 2).insn().isConditionalJump()
                    && insns.get(n - 2).target() == next && level.includes(IsaLevel.of(negate(insns.get(n - 2).insn())))) {
                MInsn cond = insns.get(n - 2);
                MInsn ja = insns.remove(n - 1);
                cond.setInsn(negate(cond.insn()));
                cond.setTarget(ja.target());
                changed = true;
            }
        }
        return changed;
    }

    private static Insn negate(Insn j) {
        return new Insn((j.opcode() & 0x0f) | j.jmpOp().negate().code(), j.dst(), j.src(), j.offset(), j.imm());
    }

    /** The block a jump to {@code b} may go to instead: past blocks that hold only {@code goto X}. */
    private static MBlock finalTarget(MBlock b) {
        Set<MBlock> seen = new HashSet<>();
        while (b.insns().size() == 1 && b.insns().get(0).insn().format() == InsnFormat.JA && seen.add(b)) {
            b = b.insns().get(0).target();
        }
        return b;
    }

    private static boolean threadJumps(MFunction f) {
        boolean changed = false;
        for (MBlock b : f.blocks()) {
            for (MInsn i : b.insns()) {
                if (i.target() == null) continue;
                MBlock t = finalTarget(i.target());
                if (t != i.target()) {
                    i.setTarget(t);
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** {@code [r0 = K;] exit} blocks with equal contents: jumps go to the first of them. */
    private static boolean shareExitBlocks(MFunction f) {
        Map<List<Insn>, MBlock> firstOf = new HashMap<>();
        Map<MBlock, MBlock> replace = new HashMap<>();
        for (MBlock b : f.blocks()) {
            List<MInsn> insns = b.insns();
            if (insns.isEmpty() || insns.size() > 2 || !insns.get(insns.size() - 1).insn().isExit()) continue;
            if (insns.size() == 2 && !(insns.get(0).insn().format() == InsnFormat.ALU_IMM && insns.get(0).dst() == Reg.R0
                    && insns.get(0).insn().aluOp() == AluOp.MOV && insns.get(0).core() == null)) continue;
            List<Insn> key = new ArrayList<>();
            for (MInsn i : insns) key.add(i.resolve());
            MBlock first = firstOf.putIfAbsent(key, b);
            if (first != null) replace.put(b, first);
        }
        boolean changed = false;
        for (MBlock b : f.blocks()) {
            for (MInsn i : b.insns()) {
                MBlock r = replace.get(i.target());
                if (r != null) {
                    i.setTarget(r);
                    changed = true;
                }
            }
        }
        return changed;
    }

    private static boolean removeUnreachable(MFunction f) {
        Set<MBlock> reached = new HashSet<>();
        List<MBlock> work = new ArrayList<>();
        work.add(f.blocks().get(0));
        while (!work.isEmpty()) {
            MBlock b = work.remove(work.size() - 1);
            if (reached.add(b)) work.addAll(f.successors(b));
        }
        return f.blocks().retainAll(reached);
    }

    /** {@code *(u64 *)(r10 + k) = rX; rX = *(u64 *)(r10 + k)}: the reload is a no-op. */
    private static boolean removeRedundantReloads(MFunction f) {
        boolean changed = false;
        for (MBlock b : f.blocks()) {
            List<MInsn> insns = b.insns();
            for (int k = 0; k + 1 < insns.size(); k++) {
                Insn st = insns.get(k).insn(), ld = insns.get(k + 1).insn();
                if (st.format() == InsnFormat.STORE_REG && ld.isLoad() && st.size() == ld.size() && st.size().bytes() == 8
                        && insns.get(k).dst() == Reg.R10 && insns.get(k + 1).src() == Reg.R10 && st.offset() == ld.offset()
                        && insns.get(k).src() == insns.get(k + 1).dst() && ld.mode() == st.mode()) {
                    insns.remove(k + 1);
                    changed = true;
                }
            }
        }
        return changed;
    }

    /**
     * {@code rA = rB} followed by loads through rA, one of which may overwrite rB, then a write
     * of rA that does not read it: the loads read rB, the one overwriting rB last, and the copy
     * goes. The allocator leaves this where it moves the context out of r1 (in the prologue,
     * which falls through into the entry) to load the packet's start there
     * ({@code r0 = r1; w1 = *(u32 *)(r0 + 0); w5 = *(u32 *)(r0 + 4); r0 = r1}).
     */
    private static boolean loadThroughTheOriginal(MFunction f) {
        boolean changed = false;
        List<MBlock> blocks = f.blocks();
        Set<MBlock> jumpedTo = new HashSet<>();
        for (MBlock b : blocks) for (MInsn i : b.insns()) if (i.target() != null) jumpedTo.add(i.target());
        for (int bi = 0; bi < blocks.size(); bi++) {
            List<MInsn> insns = blocks.get(bi).insns();
            for (int k = 0; k < insns.size(); k++) changed |= loadThroughTheOriginal(insns, k);
            // a copy ending a block that only falls through into the next: try it there
            if (!insns.isEmpty() && insns.get(insns.size() - 1).isCopy() && bi + 1 < blocks.size() && !jumpedTo.contains(blocks.get(bi + 1))) {
                List<MInsn> next = blocks.get(bi + 1).insns();
                next.add(0, insns.get(insns.size() - 1));
                if (loadThroughTheOriginal(next, 0)) {
                    insns.remove(insns.size() - 1);
                    changed = true;
                } else {
                    next.remove(0);
                }
            }
        }
        return changed;
    }

    /** Applies {@link #loadThroughTheOriginal(MFunction)} to the copy at {@code k}; true if it did. */
    private static boolean loadThroughTheOriginal(List<MInsn> insns, int k) {
        MInsn copy = insns.get(k);
        if (!copy.isCopy() || copy.dst() == copy.src()) return false;
        int a = copy.dst(), original = copy.src(), end = k + 1;
        MInsn overwriting = null;
        while (end < insns.size() && insns.get(end).insn().isLoad() && insns.get(end).src() == a && insns.get(end).dst() != a) {
            if (insns.get(end).dst() == original) {
                if (overwriting != null) break;
                overwriting = insns.get(end);
            }
            end++;
        }
        if (end == k + 1 || end == insns.size() || insns.get(end).uses().contains(a) || !insns.get(end).defs().contains(a)) return false;
        List<MInsn> loads = new ArrayList<>(insns.subList(k + 1, end));
        if (overwriting != null) {
            loads.remove(overwriting);
            loads.add(overwriting);
        }
        for (MInsn load : loads) load.setSrc(original);
        insns.subList(k, end).clear();
        insns.addAll(k, loads);
        return true;
    }
}
