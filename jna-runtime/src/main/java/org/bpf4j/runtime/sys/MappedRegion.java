package org.bpf4j.runtime.sys;

import com.sun.jna.Pointer;
import java.util.concurrent.atomic.AtomicBoolean;

/** One mmap(2)-ed region; unmapped exactly once by {@link #close()}. */
public final class MappedRegion implements AutoCloseable {
    public static final int PROT_READ = 1, PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;

    private final long address;
    private final long length;
    private final Pointer pointer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MappedRegion(long address, long length) {
        this.address = address;
        this.length = length;
        this.pointer = new Pointer(address);
    }

    /** Maps {@code length} bytes of {@code fd} at {@code offset}, shared, with {@code prot}. */
    public static MappedRegion map(int fd, long length, int prot, long offset, String subject) {
        long addr = LibC.mmap(0, length, prot, MAP_SHARED, fd, offset);
        if (addr == -1) throw Sys.error("mmap", com.sun.jna.Native.getLastError(), subject);
        return new MappedRegion(addr, length);
    }

    /** The start of the region; valid until {@link #close()}. */
    public Pointer pointer() {
        if (closed.get()) throw new IllegalStateException("mapped region is unmapped");
        return pointer;
    }

    public long length() {
        return length;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) LibC.munmap(address, length);
    }

    /** The system page size. */
    public static int pageSize() {
        return PAGE_SIZE;
    }

    private static final int PAGE_SIZE = LibC.getpagesize();
}
