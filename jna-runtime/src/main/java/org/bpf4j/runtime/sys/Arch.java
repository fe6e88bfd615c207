package org.bpf4j.runtime.sys;

import java.util.Locale;
import java.util.Map;

/** Per-architecture facts: syscall numbers and the layout of {@code struct epoll_event}. */
public enum Arch {
    X86_64(321, 298, 12),
    AARCH64(280, 241, 16);

    /** Syscall number of bpf(2). */
    public final long sysBpf;
    /** Syscall number of perf_event_open(2). */
    public final long sysPerfEventOpen;
    /** sizeof(struct epoll_event): packed on x86-64, naturally aligned elsewhere. */
    public final int epollEventSize;

    Arch(long sysBpf, long sysPerfEventOpen, int epollEventSize) {
        this.sysBpf = sysBpf;
        this.sysPerfEventOpen = sysPerfEventOpen;
        this.epollEventSize = epollEventSize;
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
