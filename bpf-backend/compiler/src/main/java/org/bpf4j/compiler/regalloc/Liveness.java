package org.bpf4j.compiler.regalloc;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bpf4j.compiler.mir.MBlock;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.mir.MInsn;

/**
 * Live values at block boundaries (backward dataflow): machine registers, or any other numbered
 * storage whose reads and writes are given, such as spill slots.
 */
public final class Liveness {
    private final Map<MBlock, BitSet> liveIn = new HashMap<>();
    private final Map<MBlock, BitSet> liveOut = new HashMap<>();

    /** Live registers. */
    public Liveness(MFunction f) {
        this(f, MInsn::uses, MInsn::defs);
    }

    /** Live storage, read by {@code uses} and written by {@code defs} of each instruction. */
    public Liveness(MFunction f, Function<MInsn, List<Integer>> uses, Function<MInsn, List<Integer>> defs) {
        Map<MBlock, BitSet> use = new HashMap<>();
        Map<MBlock, BitSet> def = new HashMap<>();
        Map<MBlock, List<MBlock>> succ = new HashMap<>();
        for (MBlock b : f.blocks()) {
            BitSet u = new BitSet(), d = new BitSet();
            for (MInsn i : b.insns()) {
                for (int r : uses.apply(i)) if (!d.get(r)) u.set(r);
                for (int r : defs.apply(i)) d.set(r);
            }
            use.put(b, u);
            def.put(b, d);
            succ.put(b, f.successors(b));
            liveIn.put(b, new BitSet());
            liveOut.put(b, new BitSet());
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            List<MBlock> blocks = f.blocks();
            for (int k = blocks.size() - 1; k >= 0; k--) {
                MBlock b = blocks.get(k);
                BitSet out = new BitSet();
                for (MBlock s : succ.get(b)) out.or(liveIn.get(s));
                BitSet in = (BitSet) out.clone();
                in.andNot(def.get(b));
                in.or(use.get(b));
                if (!out.equals(liveOut.get(b)) || !in.equals(liveIn.get(b))) {
                    liveOut.put(b, out);
                    liveIn.put(b, in);
                    changed = true;
                }
            }
        }
    }

    public BitSet liveIn(MBlock b) { return (BitSet) liveIn.get(b).clone(); }

    public BitSet liveOut(MBlock b) { return (BitSet) liveOut.get(b).clone(); }
}
