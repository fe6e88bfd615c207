package org.bpf4j.runtime.sys;

import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One mmap(2)-ed region, read and written through {@link #view()} between {@link #acquire()}
 * and {@link #release()}. {@link #close()} unmaps it once the last such use is done, so no Java
 * call can touch it unmapped. A view handed out for good ({@link #escape()}) cannot be
 * revoked: from then on the region is unmapped only when it is closed and no view of it is
 * reachable any more (the garbage collector tells), so a kept view reads stale memory at worst.
 */
public final class MappedRegion implements AutoCloseable {
    public static final int PROT_READ = 1, PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    private static final Cleaner CLEANER = Cleaner.create();

    private final long length;
    /** The region as a buffer; every view derived from it keeps it reachable. */
    private final ByteBuffer root;
    private final Unmap unmap;
    private final UseCount uses;
    private volatile boolean escaped;

    /** munmap(2) once; holds no reference to the region, so the cleaner can run it. */
    private record Unmap(long address, long length, AtomicBoolean done) implements Runnable {
        @Override
        public void run() {
            if (done.compareAndSet(false, true)) LibC.munmap(address, length);
        }
    }

    private MappedRegion(long address, long length, String subject) {
        this.length = length;
        this.root = new Pointer(address).getByteBuffer(0, length).order(ByteOrder.nativeOrder());
        this.unmap = new Unmap(address, length, new AtomicBoolean());
        this.uses = new UseCount(subject, () -> {
            if (!escaped) unmap.run();
        });
        CLEANER.register(root, unmap);
    }

    /** Maps {@code length} bytes of {@code fd} at {@code offset}, shared, with {@code prot}. */
    public static MappedRegion map(int fd, long length, int prot, long offset, String subject) {
        if (length <= 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(subject + ": cannot map " + length + " bytes from Java");
        }
        long addr = LibC.mmap(0, length, prot, MAP_SHARED, fd, offset);
        if (addr == -1) throw Sys.error("mmap", com.sun.jna.Native.getLastError(), subject);
        return new MappedRegion(addr, length, subject);
    }

    /** Begins a use of {@link #view()}; throws {@link IllegalStateException} naming the region once closed. */
    public void acquire() {
        uses.acquire();
    }

    public void release() {
        uses.release();
    }

    /** The whole region (absolute access only), valid between {@link #acquire()} and {@link #release()}. */
    public ByteBuffer view() {
        return root;
    }

    /**
     * A view of the whole region to keep: the region then stays mapped until it is closed and
     * every such view is unreachable.
     */
    public ByteBuffer escape() {
        acquire();
        try {
            escaped = true;
            return root.duplicate().order(ByteOrder.nativeOrder());
        } finally {
            release();
        }
    }

    public long length() {
        return length;
    }

    public boolean isOpen() {
        return uses.isOpen();
    }

    /** What the region maps, for messages. */
    public String description() {
        return uses.what();
    }

    @Override
    public void close() {
        uses.close();
    }

    /** The system page size. */
    public static int pageSize() {
        return PAGE_SIZE;
    }

    private static final int PAGE_SIZE = LibC.getpagesize();
}
