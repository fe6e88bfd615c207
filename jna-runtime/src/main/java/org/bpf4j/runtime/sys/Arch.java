package org.bpf4j.runtime.sys;

import java.util.Locale;
import java.util.Map;

/**
 * Per-architecture facts: syscall numbers, the layout of {@code struct epoll_event} and libffi's
 * default calling convention.
 */
public enum Arch {
    X86_64(321, 298, 39, 12, 2),
    AARCH64(280, 241, 172, 16, 1);

    /** Syscall number of bpf(2). */
    public final long sysBpf;
    /** Syscall number of perf_event_open(2). */
    public final long sysPerfEventOpen;
    /** Syscall number of getpid(2). */
    public final long sysGetpid;
    /** sizeof(struct epoll_event): packed on x86-64, naturally aligned elsewhere. */
    public final int epollEventSize;
    /** libffi's {@code FFI_DEFAULT_ABI} on Linux: FFI_UNIX64 on x86-64, FFI_SYSV on arm64. */
    public final int ffiDefaultAbi;

    Arch(long sysBpf, long sysPerfEventOpen, long sysGetpid, int epollEventSize, int ffiDefaultAbi) {
        this.sysBpf = sysBpf;
        this.sysPerfEventOpen = sysPerfEventOpen;
        this.sysGetpid = sysGetpid;
        this.epollEventSize = epollEventSize;
        this.ffiDefaultAbi = ffiDefaultAbi;
    }

    private static final Map<String, Arch> BY_OS_ARCH =
            Map.of("amd64", X86_64, "x86_64", X86_64, "aarch64", AARCH64, "arm64", AARCH64);

    /** The architecture this JVM runs on. */
    public static final Arch CURRENT = detect();

    private static Arch detect() {
        String name = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        Arch arch = BY_OS_ARCH.get(name);
        if (arch == null) {
            throw new UnsupportedOperationException(
                    "bpf4j supports x86-64 and arm64 Linux; this JVM runs on os.arch=" + name);
        }
        return arch;
    }

    /** Offset of the 64-bit data word in {@code struct epoll_event}. */
    public int epollDataOffset() {
        return epollEventSize == 12 ? 4 : 8;
    }
}
