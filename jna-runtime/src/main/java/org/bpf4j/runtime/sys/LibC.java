package org.bpf4j.runtime.sys;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The C library calls the runtime needs, bound by JNA direct mapping. Raw: every call returns
 * what libc returns; {@link Sys} turns failures into exceptions. Integers that are {@code long}
 * or {@code size_t} in C are {@code long} here.
 */
public final class LibC {
    static {
        Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    private LibC() {}

    /**
     * {@code syscall(nr, a, b, c)}, the shape of bpf(2), with its attr pointer passed as an
     * address: only primitive arguments, so JNA converts nothing.
     */
    public static native long syscall(long nr, long a, long b, long c);

    /** {@code syscall(nr, ptr, a, b, c, d)}: perf_event_open(2) has this shape. */
    public static native long syscall(long nr, Pointer p, long a, long b, long c, long d);

    public static native int close(int fd);

    public static native long read(int fd, Pointer buf, long count);

    public static native long write(int fd, Pointer buf, long count);

    /** Returns the mapped address, or -1 (MAP_FAILED). */
    public static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

    public static native int munmap(long addr, long length);

    public static native int epoll_create1(int flags);

    public static native int eventfd(int initval, int flags);

    public static native int epoll_ctl(int epfd, int op, int fd, Pointer event);

    public static native int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

    public static native int socket(int domain, int type, int protocol);

    public static native int bind(int fd, Pointer addr, int addrlen);

    public static native int setsockopt(int fd, int level, int optname, Pointer optval, int optlen);

    public static native int getsockopt(int fd, int level, int optname, Pointer optval, Pointer optlen);

    public static native long sendto(int fd, Pointer buf, long len, int flags, Pointer addr, int addrlen);

    public static native long recvfrom(int fd, Pointer buf, long len, int flags, Pointer addr, Pointer addrlen);

    public static native int ioctl(int fd, long request, long arg);

    public static native int ioctl(int fd, long request, Pointer arg);

    public static native int if_nametoindex(String name);

    public static native int open(String path, int flags, int mode);

    public static native int getpid();

    public static native int getpagesize();

    public static native String strerror(int errnum);
}
