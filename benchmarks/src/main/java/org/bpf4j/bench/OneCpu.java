package org.bpf4j.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Runs work on one CPU: a test run executes on the CPU of the calling thread, so per-CPU maps
 * whose contents depend on which CPU ran which packet (a per-CPU scratch buffer keeps the last
 * frame of each CPU) only compare when both sides run every packet on the same CPU.
 */
final class OneCpu {
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int sched_getaffinity(int pid, long size, long[] mask);

        int sched_setaffinity(int pid, long size, long[] mask);
    }

    /** Enough for 1024 CPUs. */
    private static final int MASK_WORDS = 16;

    private OneCpu() {}

    /** Runs {@code work} with the calling thread bound to the lowest CPU it may use, then restores its affinity. */
    static <T> T run(java.util.function.Supplier<T> work) {
        long[] saved = new long[MASK_WORDS];
        if (LibC.INSTANCE.sched_getaffinity(0, 8L * MASK_WORDS, saved) != 0) {
            throw new IllegalStateException("sched_getaffinity failed");
        }
        long[] one = new long[MASK_WORDS];
        for (int w = 0; w < MASK_WORDS; w++) {
            if (saved[w] != 0) {
                one[w] = Long.lowestOneBit(saved[w]);
                break;
            }
        }
        if (LibC.INSTANCE.sched_setaffinity(0, 8L * MASK_WORDS, one) != 0) {
            throw new IllegalStateException("sched_setaffinity failed");
        }
        try {
            return work.get();
        } finally {
            LibC.INSTANCE.sched_setaffinity(0, 8L * MASK_WORDS, saved);
        }
    }
}
