package org.bpf4j.lang;

import java.util.function.Supplier;

/**
 * The CPU a BPF method "runs on" when it runs on the JVM: per-CPU maps use this CPU's slot and
 * {@code Bpf.getSmpProcessorId()} returns it. CPU 0 unless a test runs code on another.
 */
public final class JvmCpu {
    private static final ThreadLocal<Integer> CURRENT = ThreadLocal.withInitial(() -> 0);

    private JvmCpu() {
    }

    /** The simulated CPU of the calling thread. */
    public static int current() {
        return CURRENT.get();
    }

    /** Runs {@code action} on the calling thread as if on CPU {@code cpu}; returns its result. */
    public static <T> T on(int cpu, Supplier<T> action) {
        if (cpu < 0) {
            throw new IllegalArgumentException("CPU number must not be negative: " + cpu);
        }
        int saved = CURRENT.get();
        CURRENT.set(cpu);
        try {
            return action.get();
        } finally {
            CURRENT.set(saved);
        }
    }

    /** The number of CPUs per-CPU maps get on the JVM unless told otherwise. */
    public static int defaultCount() {
        return Runtime.getRuntime().availableProcessors();
    }
}
