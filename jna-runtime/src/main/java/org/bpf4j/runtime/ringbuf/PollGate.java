package org.bpf4j.runtime.ringbuf;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.bpf4j.runtime.sys.Epoll;

/**
 * What makes a reader's close safe against its polls: one poll (or drain) runs at a time, and
 * {@link #close()} wakes a waiting poll, waits for a running one to end, and only then releases
 * the mappings and descriptors. Called from inside a record callback, close leaves the release
 * to the poll it interrupts, once that returns.
 */
final class PollGate {
    private final ReentrantLock lock = new ReentrantLock();
    private final String what;
    private final Epoll ready;
    private final Runnable release;
    private volatile boolean closed;
    /** Guarded by {@link #lock}. */
    private boolean released;

    /** A poll waits on {@code ready}; {@code release} frees the reader's resources. */
    PollGate(String what, Epoll ready, Runnable release) {
        this.what = what;
        this.ready = ready;
        this.release = release;
    }

    /**
     * A reader's poll: delivers what {@code drain} finds, or waits up to {@code timeout} for the
     * kernel to signal records and delivers those; returns how many were delivered.
     */
    int poll(Duration timeout, IntSupplier drain) {
        enter();
        try {
            int n = drain.getAsInt();
            if (n > 0 || closed) return n;
            long ms = timeout.toMillis();
            ready.wait(ms > Integer.MAX_VALUE ? -1 : (int) ms);
            return closed ? 0 : drain.getAsInt();
        } finally {
            exit();
        }
    }

    /** A reader's drain: delivers what {@code drain} finds without waiting. */
    int drain(IntSupplier drain) {
        enter();
        try {
            return drain.getAsInt();
        } finally {
            exit();
        }
    }

    /** Begins a poll; throws {@link IllegalStateException} naming the reader once it is closed. */
    private void enter() {
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException(what + " is closed");
        }
    }

    /** Ends a poll; releases the resources when the reader was closed during it. */
    private void exit() {
        try {
            if (closed && lock.getHoldCount() == 1) releaseOnce();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the reader was closed; a poll stops delivering records then. */
    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
        ready.wakeup();
        lock.lock();
        try {
            if (lock.getHoldCount() == 1) releaseOnce();
        } finally {
            lock.unlock();
        }
    }

    private void releaseOnce() {
        if (released) return;
        released = true;
        release.run();
    }
}
