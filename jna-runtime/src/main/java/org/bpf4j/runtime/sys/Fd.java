package org.bpf4j.runtime.sys;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns one file descriptor: closes it exactly once, however often {@link #close()} is called
 * and from however many threads. Every kernel object (map, program, link, BTF, perf event,
 * epoll instance) holds one.
 */
public final class Fd implements AutoCloseable {
    private static final int CLOSED = -1;
    private final AtomicInteger fd;
    private final String what;

    /** Takes ownership of {@code fd}; {@code what} names it in messages ("map 'counts'"). */
    public Fd(int fd, String what) {
        if (fd < 0) throw new IllegalArgumentException("not a file descriptor: " + fd + " for " + what);
        this.fd = new AtomicInteger(fd);
        this.what = what;
    }

    /** The descriptor number; throws once closed so that a stale number is never reused. */
    public int get() {
        int v = fd.get();
        if (v == CLOSED) throw new IllegalStateException(what + " is closed");
        return v;
    }

    public boolean isOpen() {
        return fd.get() != CLOSED;
    }

    /** What this descriptor refers to, for messages. */
    public String description() {
        return what;
    }

    /** Gives up ownership without closing; the caller now owns the returned number. */
    public int release() {
        int v = fd.getAndSet(CLOSED);
        if (v == CLOSED) throw new IllegalStateException(what + " is closed");
        return v;
    }

    @Override
    public void close() {
        int v = fd.getAndSet(CLOSED);
        if (v != CLOSED) LibC.close(v);
    }

    @Override
    public String toString() {
        int v = fd.get();
        return what + (v == CLOSED ? " (closed)" : " (fd " + v + ")");
    }
}
