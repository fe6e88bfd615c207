package org.bpf4j.runtime.ringbuf;

import java.util.concurrent.locks.ReentrantLock;

/**
 * What makes a reader's close safe against its polls: one poll (or drain) runs at a time, and
 * {@link #close()} wakes a waiting poll, waits for a running one to end, and only then releases
 * the mappings and descriptors. Called from inside a record callback, close leaves the release
 * to the poll it interrupts, once that returns.
 */
final class PollGate {
    private final ReentrantLock lock = new ReentrantLock();
    private final String what;
    private final Runnable wake;
    private final Runnable release;
    private volatile boolean closed;
    /** Guarded by {@link #lock}. */
    private boolean released;

    /** {@code wake} interrupts a waiting poll; {@code release} frees the reader's resources. */
    PollGate(String what, Runnable wake, Runnable release) {
        this.what = what;
        this.wake = wake;
        this.release = release;
    }

    /** Begins a poll; throws {@link IllegalStateException} naming the reader once it is closed. */
    void enter() {
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException(what + " is closed");
        }
    }

    /** Ends a poll; releases the resources when the reader was closed during it. */
    void exit() {
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
        wake.run();
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
