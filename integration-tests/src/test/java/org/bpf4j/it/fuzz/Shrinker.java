package org.bpf4j.it.fuzz;

import java.util.List;

/**
 * Reduces a failing program while it still fails the same way: drops statements, inlines
 * branches, replaces expressions by an operand or by a literal. Each round tries a batch of
 * one-step simplifications in a single compiled class and keeps the smallest that still fails.
 */
final class Shrinker {
    private static final int CANDIDATES_PER_ROUND = 60;

    private final Differential differential;
    private final long deadlineNanos;

    Shrinker(Differential differential, long budgetMillis) {
        this.differential = differential;
        this.deadlineNanos = System.nanoTime() + budgetMillis * 1_000_000;
    }

    /** The smallest failure found of the same kind as {@code failure}. */
    Finding shrink(Finding failure) {
        Finding best = failure;
        boolean progress = true;
        while (progress && System.nanoTime() < deadlineNanos) {
            progress = false;
            List<Program> candidates = best.program().simplifications();
            for (int from = 0; from < candidates.size() && !progress && System.nanoTime() < deadlineNanos;
                    from += CANDIDATES_PER_ROUND) {
                List<Program> round = candidates.subList(from, Math.min(candidates.size(), from + CANDIDATES_PER_ROUND));
                int size = best.program().size();
                for (Finding f : differential.run(round, f -> sameFailure(f, failure) && f.program().size() < size)) {
                    if (sameFailure(f, failure) && f.program().size() < best.program().size()) {
                        best = f;
                        progress = true;
                    }
                }
            }
        }
        return best;
    }

    /** Same kind; for anything but a mismatch also the same message, so shrinking cannot drift to another error. */
    private static boolean sameFailure(Finding a, Finding b) {
        return a.kind() == b.kind() && (a.kind() == Finding.Kind.MISMATCH || a.signature().equals(b.signature()));
    }
}
