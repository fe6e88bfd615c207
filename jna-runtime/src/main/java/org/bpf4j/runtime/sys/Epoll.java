package org.bpf4j.runtime.sys;

import com.sun.jna.Memory;
import com.sun.jna.Native;

/** An epoll instance that reports which registered descriptors became readable. */
public final class Epoll implements AutoCloseable {
    private static final int EPOLL_CLOEXEC = 0x80000, EPOLL_CTL_ADD = 1, EPOLLIN = 1;
    private static final int MAX_EVENTS = 64;

    private final Fd fd;
    private final Memory events;
    private final int eventSize = Arch.CURRENT.epollEventSize;

    public Epoll(String subject) {
        this.fd = new Fd((int) Sys.check(LibC.epoll_create1(EPOLL_CLOEXEC), "epoll_create1", subject), "epoll for " + subject);
        this.events = new Memory((long) MAX_EVENTS * eventSize);
    }

    /** Watches {@code target} for readability; {@link #wait} reports {@code token} for it. */
    public void add(int target, long token) {
        Memory ev = new Memory(eventSize);
        ev.clear();
        ev.setInt(0, EPOLLIN);
        ev.setLong(Arch.CURRENT.epollDataOffset(), token);
        Sys.check(LibC.epoll_ctl(fd.get(), EPOLL_CTL_ADD, target, ev), "epoll_ctl", fd.description());
    }

    /**
     * Waits up to {@code timeoutMs} (-1 forever, 0 not at all) and returns the tokens of the
     * ready descriptors (empty on timeout or when interrupted by a signal).
     */
    public long[] wait(int timeoutMs) {
        int n = LibC.epoll_wait(fd.get(), events, MAX_EVENTS, timeoutMs);
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno == Errno.EINTR) return new long[0];
            throw Sys.error("epoll_wait", errno, fd.description());
        }
        long[] tokens = new long[n];
        for (int i = 0; i < n; i++) tokens[i] = events.getLong((long) i * eventSize + Arch.CURRENT.epollDataOffset());
        return tokens;
    }

    @Override
    public void close() {
        fd.close();
    }
}
