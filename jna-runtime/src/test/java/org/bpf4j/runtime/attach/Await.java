package org.bpf4j.runtime.attach;

import java.util.function.LongSupplier;

/** Events reach BPF programs asynchronously (softirq, other CPUs): wait for a counter, with a deadline. */
public final class Await {
    private Await() {}

    /** Polls until {@code value} reaches at least {@code expected} or 5 s pass; returns the last value. */
    public static long atLeast(long expected, LongSupplier value) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long v = value.getAsLong();
        while (v < expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            v = value.getAsLong();
        }
        return v;
    }

    /** Lets in-flight events land before checking that nothing more is counted. */
    public static void settle() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
