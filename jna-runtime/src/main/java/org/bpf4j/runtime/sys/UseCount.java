package org.bpf4j.runtime.sys;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the users of a native resource (a descriptor, a mapping) so that closing it frees it
 * only after the last user is done: {@link #close()} stops new users, and whoever leaves last,
 * the closer or the last user, runs the release action, exactly once. A descriptor number freed
 * under a running system call could be handed to a new object meanwhile, and a mapping unmapped
 * under a reader would crash the JVM; with this count neither can happen.
 */
public final class UseCount {
    /** The state: the closed bit, plus {@link #USER} per user. */
    private static final int CLOSED = 1, USER = 2;

    private final AtomicInteger state = new AtomicInteger();
    private final String what;
    private final Runnable free;

    /** {@code what} names the resource in messages; {@code free} releases it, once. */
    public UseCount(String what, Runnable free) {
        this.what = what;
        this.free = free;
    }

    /** Registers a user; throws {@link IllegalStateException} naming the resource once it is closed. */
    public void acquire() {
        if (!tryAcquire()) throw new IllegalStateException(what + " is closed");
    }

    /** Registers a user unless closed; false when closed. */
    public boolean tryAcquire() {
        while (true) {
            int s = state.get();
            if ((s & CLOSED) != 0) return false;
            if (state.compareAndSet(s, s + USER)) return true;
        }
    }

    /** Ends a use begun by {@link #acquire()}; frees the resource when it was closed meanwhile. */
    public void release() {
        if (state.addAndGet(-USER) == CLOSED) free.run();
    }

    /** Stops new uses; frees now, or when the last current user releases. Idempotent. */
    public void close() {
        while (true) {
            int s = state.get();
            if ((s & CLOSED) != 0) return;
            if (state.compareAndSet(s, s | CLOSED)) {
                if (s == 0) free.run();
                return;
            }
        }
    }

    public boolean isOpen() {
        return (state.get() & CLOSED) == 0;
    }

    public String what() {
        return what;
    }
}
