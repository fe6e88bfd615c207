package org.bpf4j.compiler.regalloc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.bpf4j.compiler.mir.MBlock;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.mir.MInsn;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.Reg;
import org.bpf4j.object.isa.Source;
import org.bpf4j.object.isa.Width;

/**
 * Graph-colouring register allocation over r0–r9 (Chaitin–Briggs with conservative coalescing).
 * Calls define r0–r5, so every value live across a call interferes with them and lands in
 * r6–r9; argument and result moves to and from fixed registers are coalesced away where the
 * interference allows. When colouring fails, the cheapest values (fewest uses and defs for their
 * interference, those inside loops weighing more) are spilled to 8-byte stack slots (the
 * verifier tracks spilled pointers) and allocation repeats. Spilled values that are never live
 * at once share a slot, as registers do: the BPF stack is 512 bytes.
 */
public final class RegisterAllocator {
    private static final int K = MRegs.ALLOCATABLE;
    private final MFunction f;
    /** Vregs introduced by spilling: never spilled again. */
    private final Set<Integer> unspillable = new HashSet<>();
    /** The spill loads and stores, by the number of the spilled value; given frame offsets once allocation is done. */
    private final Map<MInsn, Integer> spillAccesses = new IdentityHashMap<>();
    private int spilledValues;

    /** How much more a use or def inside a loop weighs in the spill cost: a spill there costs a load or store per iteration. */
    private static final int LOOP_WEIGHT = 8;
    /** The blocks on a cycle of the control flow. */
    private Set<MBlock> inLoops;

    private Map<Integer, Set<Integer>> adj;
    private Map<Integer, Integer> alias;
    private List<int[]> moves;

    private RegisterAllocator(MFunction f) {
        this.f = f;
    }

    /** Replaces every virtual register of {@code f} by r0–r9, adding spill code as needed; removes redundant copies. */
    public static void allocate(MFunction f) {
        new RegisterAllocator(f).run();
    }

    private void run() {
        inLoops = blocksOnCycles();
        commuteCopiedOperands();
        for (int round = 0; ; round++) {
            if (round > 64) throw new IllegalStateException("register allocation of " + f.name() + " does not converge");
            build();
            coalesce();
            Map<Integer, Integer> colour = new HashMap<>();
            Set<Integer> spills = select(colour);
            if (spills.isEmpty()) {
                rewrite(colour);
                placeSpills();
                return;
            }
            // before any value goes to the stack, the global addresses give their registers back
            Map<Integer, MInsn> addresses = globalAddresses();
            if (!addresses.isEmpty()) addresses.forEach(this::rematerialize);
            else for (int v : spills) spill(v);
        }
    }

    /**
     * {@code d = a; d op= b} becomes {@code d = b; d op= a} for a commutative operation where b
     * dies and a lives on: the copy of b then coalesces, where the copy of a could not. The
     * verifier accepts {@code scalar += pointer} as it does {@code pointer += scalar}.
     */
    private void commuteCopiedOperands() {
        Liveness live = new Liveness(f);
        for (MBlock b : f.blocks()) {
            BitSet l = live.liveOut(b);
            List<MInsn> insns = b.insns();
            for (int k = insns.size() - 1; k >= 0; k--) {
                MInsn op = insns.get(k);
                MInsn copy = k > 0 ? insns.get(k - 1) : null;
                if (copy != null && copy.isCopy() && commutative(op) && op.dst() == copy.dst() && op.src() != op.dst()
                        && MRegs.isVirtual(op.src()) && copy.src() != Reg.R10 && !l.get(op.src()) && l.get(copy.src())) {
                    int a = copy.src();
                    copy.setSrc(op.src());
                    op.setSrc(a);
                }
                for (int d : op.defs()) l.clear(d);
                for (int u : op.uses()) l.set(u);
            }
        }
    }

    private static boolean commutative(MInsn i) {
        Insn insn = i.insn();
        if (!insn.isAlu() || insn.source() != Source.X) return false;
        AluOp op = insn.aluOp();
        return op == AluOp.ADD || op == AluOp.MUL || op == AluOp.AND || op == AluOp.OR || op == AluOp.XOR;
    }

    // ---------------------------------------------------------------- interference

    private void build() {
        adj = new HashMap<>();
        alias = new HashMap<>();
        moves = new ArrayList<>();
        Liveness live = new Liveness(f);
        for (MBlock b : f.blocks()) {
            BitSet l = live.liveOut(b);
            List<MInsn> insns = b.insns();
            for (int k = insns.size() - 1; k >= 0; k--) {
                MInsn i = insns.get(k);
                node(i.dst());
                node(i.src());
                if (i.isCopy()) {
                    l.clear(i.src());
                    if (i.dst() != Reg.R10 && i.src() != Reg.R10) moves.add(new int[] {i.dst(), i.src()});
                }
                for (int d : i.defs()) {
                    node(d);
                    for (int x = l.nextSetBit(0); x >= 0; x = l.nextSetBit(x + 1)) addEdge(d, x);
                }
                for (int d : i.defs()) l.clear(d);
                for (int u : i.uses()) l.set(u);
            }
        }
    }

    private void node(int r) {
        if (r != MRegs.NONE && r != Reg.R10) adj.computeIfAbsent(r, x -> new LinkedHashSet<>());
    }

    private void addEdge(int a, int b) {
        if (a == b || a == Reg.R10 || b == Reg.R10) return;
        if (MRegs.isPhysical(a) && MRegs.isPhysical(b)) return;
        node(a);
        node(b);
        adj.get(a).add(b);
        adj.get(b).add(a);
    }

    private int find(int r) {
        Integer a = alias.get(r);
        if (a == null) return r;
        int root = find(a);
        alias.put(r, root);
        return root;
    }

    private int degree(int r) {
        return MRegs.isPhysical(r) ? Integer.MAX_VALUE : adj.get(r).size();
    }

    // ---------------------------------------------------------------- coalescing

    private void coalesce() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int[] m : moves) {
                int a = find(m[0]), b = find(m[1]);
                if (a == b || (MRegs.isPhysical(a) && MRegs.isPhysical(b))) continue;
                if (adj.get(a).contains(b)) continue;
                int keep = MRegs.isPhysical(b) ? b : a;
                int gone = keep == a ? b : a;
                if (MRegs.isPhysical(keep) ? georgeOk(gone, keep) : briggsOk(a, b)) {
                    merge(keep, gone);
                    changed = true;
                }
            }
        }
    }

    /** Every neighbour of {@code v} is harmless to a merge with physical {@code p}. */
    private boolean georgeOk(int v, int p) {
        for (int t : adj.get(v)) {
            if (!(MRegs.isPhysical(t) || degree(t) < K || adj.get(t).contains(p))) return false;
        }
        return true;
    }

    /** The merged node would have fewer than K neighbours of significant degree. */
    private boolean briggsOk(int a, int b) {
        Set<Integer> n = new HashSet<>(adj.get(a));
        n.addAll(adj.get(b));
        int significant = 0;
        for (int t : n) if (degree(t) >= K) significant++;
        return significant < K;
    }

    private void merge(int keep, int gone) {
        alias.put(gone, keep);
        for (int t : adj.remove(gone)) {
            adj.get(t).remove(gone);
            addEdge(keep, t);
        }
    }

    // ---------------------------------------------------------------- colouring

    private Set<Integer> select(Map<Integer, Integer> colour) {
        Set<Integer> remaining = new LinkedHashSet<>();
        for (int r : adj.keySet()) if (MRegs.isVirtual(r)) remaining.add(r);
        Map<Integer, Integer> deg = new HashMap<>();
        for (int r : remaining) deg.put(r, adj.get(r).size());
        Deque<Integer> stack = new ArrayDeque<>();
        while (!remaining.isEmpty()) {
            Integer pick = null;
            for (int r : remaining) {
                if (deg.get(r) < K) {
                    pick = r;
                    break;
                }
            }
            if (pick == null) pick = spillCandidate(remaining, deg);
            remaining.remove(pick);
            stack.push(pick);
            for (int t : adj.get(pick)) if (deg.containsKey(t) && remaining.contains(t)) deg.merge(t, -1, Integer::sum);
        }
        Map<Integer, Set<Integer>> partners = movePartners();
        Set<Integer> spills = new LinkedHashSet<>();
        while (!stack.isEmpty()) {
            int r = stack.pop();
            BitSet forbidden = new BitSet();
            for (int t : adj.get(r)) {
                if (MRegs.isPhysical(t)) forbidden.set(t);
                else if (colour.containsKey(t)) forbidden.set(colour.get(t));
            }
            int c = -1;
            for (int p : partners.getOrDefault(r, Set.of())) {
                int pc = MRegs.isPhysical(p) ? p : colour.getOrDefault(p, -1);
                if (pc >= 0 && pc < K && !forbidden.get(pc)) {
                    c = pc;
                    break;
                }
            }
            if (c < 0) c = freeColour(forbidden, wantedByNeighbours(r, colour, partners));
            if (c < 0) spills.add(r);
            else colour.put(r, c);
        }
        return spills;
    }

    /** The lowest colour not forbidden, one no neighbour wants if there is such; -1 if all are forbidden. */
    private static int freeColour(BitSet forbidden, BitSet wanted) {
        BitSet either = (BitSet) forbidden.clone();
        either.or(wanted);
        int c = either.nextClearBit(0);
        if (c >= K) c = forbidden.nextClearBit(0);
        return c < K ? c : -1;
    }

    /**
     * The colours that r's uncoloured neighbours would take to remove a copy: a colour taken
     * blindly could be the parameter register r1 that the context arrives in.
     */
    private BitSet wantedByNeighbours(int r, Map<Integer, Integer> colour, Map<Integer, Set<Integer>> partners) {
        BitSet wanted = new BitSet();
        for (int t : adj.get(r)) {
            if (MRegs.isPhysical(t) || colour.containsKey(t)) continue;
            for (int p : partners.getOrDefault(t, Set.of())) {
                int pc = MRegs.isPhysical(p) ? p : colour.getOrDefault(p, -1);
                if (pc >= 0 && pc < K) wanted.set(pc);
            }
        }
        return wanted;
    }

    private int spillCandidate(Set<Integer> remaining, Map<Integer, Integer> deg) {
        Map<Integer, Integer> uses = new HashMap<>();
        for (MBlock b : f.blocks()) {
            int weight = inLoops.contains(b) ? LOOP_WEIGHT : 1;
            for (MInsn i : b.insns()) {
                for (int u : i.uses()) uses.merge(find(u), weight, Integer::sum);
                for (int d : i.defs()) uses.merge(find(d), weight, Integer::sum);
            }
        }
        Integer best = null;
        double bestCost = Double.MAX_VALUE;
        for (int r : remaining) {
            double cost = unspillable.contains(r) ? Double.MAX_VALUE / 2 : uses.getOrDefault(r, 1) / (double) (deg.get(r) + 1);
            if (best == null || cost < bestCost) {
                best = r;
                bestCost = cost;
            }
        }
        return best;
    }

    private Set<MBlock> blocksOnCycles() {
        Set<MBlock> out = new HashSet<>();
        for (MBlock b : f.blocks()) {
            Set<MBlock> seen = new HashSet<>();
            Deque<MBlock> work = new ArrayDeque<>(f.successors(b));
            while (!work.isEmpty()) {
                MBlock x = work.pop();
                if (x == b) {
                    out.add(b);
                    break;
                }
                if (seen.add(x)) work.addAll(f.successors(x));
            }
        }
        return out;
    }

    private Map<Integer, Set<Integer>> movePartners() {
        Map<Integer, Set<Integer>> p = new HashMap<>();
        for (int[] m : moves) {
            int a = find(m[0]), b = find(m[1]);
            if (a == b) continue;
            p.computeIfAbsent(a, x -> new LinkedHashSet<>()).add(b);
            p.computeIfAbsent(b, x -> new LinkedHashSet<>()).add(a);
        }
        return p;
    }

    // ---------------------------------------------------------------- rewriting

    /**
     * The values that hold a global's address, each with its LD_IMM64: values (with what is
     * coalesced into them) defined by nothing but that load and copies among themselves.
     */
    private Map<Integer, MInsn> globalAddresses() {
        Map<Integer, MInsn> loads = new HashMap<>();
        Set<Integer> others = new HashSet<>(unspillable);
        for (MBlock b : f.blocks()) {
            for (MInsn i : b.insns()) {
                for (int d : i.defs()) {
                    int v = find(d);
                    if (MRegs.isPhysical(v) || (i.isCopy() && find(i.src()) == v)) continue;
                    MInsn known = loads.putIfAbsent(v, i);
                    boolean same = i.isGlobalAddress() && (known == null || known.insn().equals(i.insn()) && known.symbol().equals(i.symbol()));
                    if (!same) others.add(v);
                }
            }
        }
        loads.keySet().removeAll(others);
        return loads;
    }

    /** Loads global address {@code v} again, with {@code load}, before each instruction that reads it; drops its definitions. */
    private void rematerialize(int v, MInsn load) {
        Set<Integer> members = new HashSet<>();
        for (int r = MRegs.FIRST_VIRTUAL; r < f.vregLimit(); r++) if (find(r) == v) members.add(r);
        members.add(v);
        for (MBlock b : f.blocks()) {
            List<MInsn> insns = b.insns();
            for (int k = 0; k < insns.size(); k++) {
                MInsn i = insns.get(k);
                if (i.defs().stream().anyMatch(members::contains)) {
                    insns.remove(k--);
                    continue;
                }
                if (i.uses().stream().noneMatch(members::contains)) continue;
                int t = f.newVreg();
                unspillable.add(t);
                if (members.contains(i.dst())) i.setDst(t);
                if (members.contains(i.src())) i.setSrc(t);
                insns.add(k++, load.definingInstead(t).at(i.pos()));
            }
        }
    }

    /**
     * Gives {@code v} (and everything coalesced into it) a stack slot: a reload before each use, a
     * store after each def. An instruction right after such a store (in its block, or first in
     * the block it falls through to alone) reads the stored register instead of reloading it, and
     * when it defines v again (a two-address operation) the store before it is dead.
     */
    private void spill(int v) {
        Set<Integer> members = new HashSet<>();
        for (int r = MRegs.FIRST_VIRTUAL; r < f.vregLimit(); r++) if (find(r) == v) members.add(r);
        members.add(v);
        int slot = spilledValues++;
        Map<MBlock, List<MBlock>> preds = new HashMap<>();
        for (MBlock b : f.blocks()) for (MBlock s : f.successors(b)) preds.computeIfAbsent(s, x -> new ArrayList<>()).add(b);
        Map<MBlock, MInsn> storedLast = new HashMap<>();
        for (MBlock b : f.blocks()) {
            List<MInsn> insns = b.insns();
            List<MBlock> in = preds.getOrDefault(b, List.of());
            MBlock from = in.size() == 1 ? in.get(0) : null;
            MInsn stored = from != null && f.successors(from).size() == 1 ? storedLast.get(from) : null;
            for (int k = 0; k < insns.size(); k++) {
                MInsn i = insns.get(k);
                boolean usesV = false, defsV = false;
                for (int u : i.uses()) usesV |= members.contains(u);
                for (int d : i.defs()) defsV |= members.contains(d);
                if (!usesV && !defsV) {
                    stored = null;
                    continue;
                }
                int t = stored != null && usesV ? stored.src() : f.newVreg();
                unspillable.add(t);
                if (members.contains(i.dst())) i.setDst(t);
                if (members.contains(i.src())) i.setSrc(t);
                if (usesV && stored != null) {
                    if (defsV) {
                        if (insns.remove(stored)) k--;
                        else from.insns().remove(stored);
                        spillAccesses.remove(stored);
                    }
                } else if (usesV) {
                    MInsn load = MInsn.of(Insn.ldx(Width.DW, 0, 0, 0), t, Reg.R10).at(i.pos());
                    spillAccesses.put(load, slot);
                    insns.add(k, load);
                    k++;
                }
                stored = null;
                if (defsV) {
                    stored = MInsn.of(Insn.stx(Width.DW, 0, 0, 0), Reg.R10, t).at(i.pos());
                    spillAccesses.put(stored, slot);
                    insns.add(k + 1, stored);
                    k++;
                }
            }
            if (stored != null) storedLast.put(b, stored);
        }
    }

    /**
     * Gives the spilled values frame slots: values whose slots are never live at once (from a
     * store to the last load after it) share one, coloured greedily like registers.
     */
    private void placeSpills() {
        if (spilledValues == 0) return;
        Function<MInsn, List<Integer>> loads = i -> i.insn().isLoad() && spillAccesses.containsKey(i) ? List.of(spillAccesses.get(i)) : List.of();
        Function<MInsn, List<Integer>> stores = i -> i.insn().isStore() && spillAccesses.containsKey(i) ? List.of(spillAccesses.get(i)) : List.of();
        Liveness live = new Liveness(f, loads, stores);
        List<BitSet> conflicts = new ArrayList<>();
        for (int s = 0; s < spilledValues; s++) conflicts.add(new BitSet());
        for (MBlock b : f.blocks()) {
            BitSet l = live.liveOut(b);
            for (int k = b.insns().size() - 1; k >= 0; k--) {
                MInsn i = b.insns().get(k);
                for (int s : stores.apply(i)) {
                    for (int x = l.nextSetBit(0); x >= 0; x = l.nextSetBit(x + 1)) {
                        if (x != s) {
                            conflicts.get(s).set(x);
                            conflicts.get(x).set(s);
                        }
                    }
                    l.clear(s);
                }
                for (int s : loads.apply(i)) l.set(s);
            }
        }
        int[] shared = new int[spilledValues];
        List<Integer> offsets = new ArrayList<>();
        for (int s = 0; s < spilledValues; s++) {
            BitSet taken = new BitSet();
            for (int x = conflicts.get(s).nextSetBit(0); x >= 0 && x < s; x = conflicts.get(s).nextSetBit(x + 1)) taken.set(shared[x]);
            shared[s] = taken.nextClearBit(0);
            if (shared[s] == offsets.size()) offsets.add(f.frame().allocateSpill());
        }
        spillAccesses.forEach((i, s) -> i.setInsn(i.insn().withOffset(offsets.get(shared[s]))));
    }

    /**
     * Puts the colours in and drops the copies into a register that already holds the copied
     * value: self-moves, and {@code r1 = r6} after {@code r6 = r1} with neither written between
     * (a context kept in r6 across calls and passed on in r1 before the first). Registers are
     * known equal along straight-line code only, where no branch can teach the verifier more
     * about one of them: within a block, and into a block from its only predecessor when that
     * has no other way out.
     */
    private void rewrite(Map<Integer, Integer> colour) {
        Map<MBlock, List<MBlock>> preds = new HashMap<>();
        for (MBlock b : f.blocks()) for (MBlock s : f.successors(b)) preds.computeIfAbsent(s, x -> new ArrayList<>()).add(b);
        Map<MBlock, int[]> valuesOut = new HashMap<>();
        int values = 0;
        for (MBlock b : f.blocks()) {
            List<MInsn> out = new ArrayList<>();
            List<MBlock> in = preds.getOrDefault(b, List.of());
            int[] inherited = in.size() == 1 && f.successors(in.get(0)).size() == 1 ? valuesOut.get(in.get(0)) : null;
            int[] value = inherited != null ? inherited.clone() : new int[Reg.R10 + 1];
            if (inherited == null) for (int r = 0; r < value.length; r++) value[r] = values++;
            for (MInsn i : b.insns()) {
                if (i.dst() != MRegs.NONE && MRegs.isVirtual(i.dst())) i.setDst(physical(i.dst(), colour));
                if (i.src() != MRegs.NONE && MRegs.isVirtual(i.src())) i.setSrc(physical(i.src(), colour));
                if (i.isCopy()) {
                    if (value[i.dst()] == value[i.src()]) continue;
                    value[i.dst()] = value[i.src()];
                } else {
                    for (int d : i.defs()) value[d] = values++;
                }
                out.add(i);
            }
            valuesOut.put(b, value);
            b.insns().clear();
            b.insns().addAll(out);
        }
    }

    private int physical(int v, Map<Integer, Integer> colour) {
        int r = find(v);
        if (MRegs.isPhysical(r)) return r;
        Integer c = colour.get(r);
        if (c == null) throw new IllegalStateException("register " + MRegs.name(v) + " of " + f.name() + " received no colour");
        return c;
    }
}
