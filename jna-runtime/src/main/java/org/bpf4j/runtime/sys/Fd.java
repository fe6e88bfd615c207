package org.bpf4j.runtime.sys;

import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Owns one file descriptor of a kernel object (map, program, link, BTF, perf event, epoll
 * instance). A system call on it runs between {@link #acquire()} and {@link #release()} (or
 * inside {@link #apply}); {@link #close()} stops new uses and the descriptor is closed with
 * close(2) when the last running call is done, so its number can never be reused by another
 * object while a call still passes it to the kernel.
 */
public final class Fd implements AutoCloseable {
    private final int number;
    private final UseCount uses;

    /** Takes ownership of {@code fd}; {@code what} names it in messages ("map 'counts'"). */
    public Fd(int fd, String what) {
        if (fd < 0) throw new IllegalArgumentException("not a file descriptor: " + fd + " for " + what);
        this.number = fd;
        this.uses = new UseCount(what, () -> LibC.close(fd));
    }

    /**
     * Begins a use and returns the descriptor number, valid until the matching {@link #release()};
     * throws {@link IllegalStateException} naming the object once it is closed.
     */
    public int acquire() {
        uses.acquire();
        return number;
    }

    /** Like {@link #acquire()}, but returns -1 instead of throwing once closed. */
    public int tryAcquire() {
        return uses.tryAcquire() ? number : -1;
    }

    /** Ends a use begun by {@link #acquire()}. */
    public void release() {
        uses.release();
    }

    /** Runs {@code call} with the descriptor number, held for the duration of the call. */
    public <T> T apply(IntFunction<T> call) {
        int n = acquire();
        try {
            return call.apply(n);
        } finally {
            release();
        }
    }

    /** Runs {@code call} with the descriptor number, held for the duration of the call. */
    public void use(IntConsumer call) {
        int n = acquire();
        try {
            call.accept(n);
        } finally {
            release();
        }
    }

    /** A call that names two descriptors. */
    @FunctionalInterface
    public interface TwoFdFunction<T> {
        T apply(int first, int second);
    }

    /** Runs {@code call} with both descriptor numbers, each held for the duration of the call. */
    public static <T> T applyBoth(Fd first, Fd second, TwoFdFunction<T> call) {
        return first.apply(a -> second.apply(b -> call.apply(a, b)));
    }

    /**
     * The descriptor number without holding it: only for a descriptor no other thread can close
     * (one the caller has just created and not yet handed out). Throws once closed.
     */
    public int get() {
        if (!uses.isOpen()) throw new IllegalStateException(uses.what() + " is closed");
        return number;
    }

    public boolean isOpen() {
        return uses.isOpen();
    }

    /** What this descriptor refers to, for messages. */
    public String description() {
        return uses.what();
    }

    @Override
    public void close() {
        uses.close();
    }

    @Override
    public String toString() {
        return uses.what() + (uses.isOpen() ? " (fd " + number + ")" : " (closed)");
    }
}
