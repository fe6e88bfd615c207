package org.bpf4j.compiler.opt;

import java.util.List;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.IrChecker;
import org.bpf4j.compiler.ir.IrException;
import org.bpf4j.compiler.ir.Module;

/**
 * The pass pipeline: the scalar and control-flow passes run in rounds until none changes
 * anything, then neighbouring narrow stores are combined (after the forwarding of stores to
 * loads, which a wider store would hide), values move into the branch that uses them (after the
 * passes that fold branches, which want them where Java computes them) and blocks are laid out. With {@link #checking()} the IR checker runs after every
 * pass and names the pass that broke the IR.
 */
public final class Optimizer {
    /**
     * Rounds allowed beyond one per instruction: the bound only catches passes that undo each
     * other. A chain of branches each decided once the one before is folded (the copies of an
     * unrolled loop) settles one link per round, so the bound grows with the function.
     */
    private static final int MAX_ROUNDS = 100;
    private final boolean check;

    private Optimizer(boolean check) {
        this.check = check;
    }

    /** An optimizer that checks the IR after every pass (for tests). */
    public static Optimizer checking() { return new Optimizer(true); }

    /** The default optimizer. */
    public static Optimizer standard() { return new Optimizer(false); }

    /** The passes of one round, in order. */
    public static List<Pass> rounds() {
        return List.of(new ConstantFolding(), new CopyPropagation(), new Alu32Narrowing(), new ByteSwapFolding(), new ChecksumSwapFolding(),
                new BitSimplification(),
                new CommonSubexpressions(), new ConstantReassociation(), new StackForwarding(), new DeadStackStores(),
                new BranchSimplification(), new BitTestMerging(), new JumpThreading(), new RangeFolding(), new BoundsCheckMerging(), new BranchlessBooleans(),
                new DeadCodeElimination());
    }

    public static void optimize(Module m) { standard().run(m); }

    public void run(Module m) {
        for (Function f : m.functions()) run(f);
    }

    public void run(Function f) {
        List<Pass> passes = rounds();
        int limit = MAX_ROUNDS + f.instructions().size();
        for (int round = 0; ; round++) {
            if (round == limit) throw new IllegalStateException("optimizing " + f.name() + " does not settle after " + limit + " rounds");
            boolean changed = false;
            for (Pass p : passes) {
                changed |= p.run(f);
                verify(f, p);
            }
            if (!changed) break;
        }
        for (Pass p : List.of(new StoreCombining(), new CodeSinking(), new DeadCodeElimination())) {
            p.run(f);
            verify(f, p);
        }
        Pass layout = new BlockLayout();
        layout.run(f);
        verify(f, layout);
    }

    private void verify(Function f, Pass p) {
        if (!check) return;
        try {
            IrChecker.check(f);
        } catch (IrException e) {
            throw new IrException("after " + p.name() + ": " + e.getMessage());
        }
    }
}
