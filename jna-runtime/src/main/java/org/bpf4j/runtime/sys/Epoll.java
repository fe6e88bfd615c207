package org.bpf4j.runtime.sys;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.util.Arrays;

/**
 * An epoll instance that reports which registered descriptors became readable, and that
 * another thread can wake ({@link #wakeup()}) through an eventfd it watches too.
 */
public final class Epoll implements AutoCloseable {
    private static final int EPOLL_CLOEXEC = 0x80000, EPOLL_CTL_ADD = 1, EPOLLIN = 1;
    private static final int EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800;
    private static final int MAX_EVENTS = 64;
    /** The token of the wake-up eventfd; never reported by {@link #wait}. */
    private static final long WAKEUP = -1;

    private final Fd fd;
    private final Fd wakeup;
    private final Memory events;
    private final int eventSize = Arch.CURRENT.epollEventSize;

    public Epoll(String subject) {
        this.fd = new Fd((int) Sys.check(LibC.epoll_create1(EPOLL_CLOEXEC), "epoll_create1", subject), "epoll for " + subject);
        this.events = new Memory((long) MAX_EVENTS * eventSize);
        try {
            this.wakeup = new Fd((int) Sys.check(LibC.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), "eventfd", subject),
                    "wake-up eventfd for " + subject);
            add(wakeup.get(), WAKEUP);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Watches {@code target} for readability; {@link #wait} reports {@code token} for it. */
    public void add(int target, long token) {
        Memory ev = new Memory(eventSize);
        ev.clear();
        ev.setInt(0, EPOLLIN);
        ev.setLong(Arch.CURRENT.epollDataOffset(), token);
        fd.apply(n -> Sys.check(LibC.epoll_ctl(n, EPOLL_CTL_ADD, target, ev), "epoll_ctl", fd.description()));
    }

    /**
     * Waits up to {@code timeoutMs} (-1 forever, 0 not at all) and returns the tokens of the
     * ready descriptors (empty on timeout, when interrupted by a signal or woken).
     */
    public long[] wait(int timeoutMs) {
        int n = fd.apply(e -> LibC.epoll_wait(e, events, MAX_EVENTS, timeoutMs));
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno == Errno.EINTR) return new long[0];
            throw Sys.error("epoll_wait", errno, fd.description());
        }
        long[] tokens = new long[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            long token = events.getLong((long) i * eventSize + Arch.CURRENT.epollDataOffset());
            if (token != WAKEUP) tokens[kept++] = token;
        }
        return kept == n ? tokens : Arrays.copyOf(tokens, kept);
    }

    /** Makes a current or the next {@link #wait} return at once, and every one after it; a no-op once closed. */
    public void wakeup() {
        int n = wakeup.tryAcquire();
        if (n < 0) return;
        try {
            Memory one = new Memory(8);
            one.setLong(0, 1);
            LibC.write(n, one, 8);
        } finally {
            wakeup.release();
        }
    }

    @Override
    public void close() {
        fd.close();
        if (wakeup != null) wakeup.close();
    }
}
