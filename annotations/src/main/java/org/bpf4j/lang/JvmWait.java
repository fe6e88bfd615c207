package org.bpf4j.lang;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The wait of the JVM record readers' {@code poll}: on a monitor their writers notify. */
final class JvmWait {
    private JvmWait() {}

    /**
     * Waits on {@code monitor} until {@code done} holds, {@code timeout} passes or the thread is
     * interrupted (its flag set again for the caller).
     */
    static void until(Object monitor, BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    monitor.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
