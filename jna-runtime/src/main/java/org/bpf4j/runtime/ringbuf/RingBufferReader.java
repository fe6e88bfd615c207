package org.bpf4j.runtime.ringbuf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.function.Consumer;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.sys.Epoll;
import org.bpf4j.runtime.sys.MappedRegion;

/**
 * Consumes a BPF ring buffer as libbpf does: the consumer page is mapped read-write, the
 * producer page and the data pages read-only, the data pages twice in a row so a record that
 * wraps around the end is still contiguous. Records still being written stop the walk;
 * discarded ones are skipped. Not thread-safe: poll from one thread.
 */
public final class RingBufferReader implements RecordReader {
    private static final int BUSY = 1 << 31, DISCARD = 1 << 30, HEADER = 8;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final Consumer<ByteBuffer> sink;
    private final MappedRegion consumerPage;
    private final MappedRegion producerAndData;
    private final ByteBuffer consumer;
    private final ByteBuffer producer;
    private final ByteBuffer data;
    private final long mask;
    private final Epoll epoll;
    private boolean closed;

    RingBufferReader(KernelMap map, Consumer<ByteBuffer> sink) {
        this.sink = sink;
        int page = MappedRegion.pageSize();
        long size = Integer.toUnsignedLong(map.maxEntries());
        String subject = "ring buffer '" + map.name() + "'";
        if (Long.bitCount(size) != 1 || 2 * size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(subject + ": size " + size
                    + " must be a power of two below 1 GiB to be mapped from Java");
        }
        int fd = map.fd().get();
        MappedRegion cons = MappedRegion.map(fd, page, MappedRegion.PROT_READ | MappedRegion.PROT_WRITE, 0, subject);
        MappedRegion prod = null;
        Epoll ep = null;
        try {
            prod = MappedRegion.map(fd, page + 2 * size, MappedRegion.PROT_READ, page, subject);
            ep = new Epoll(subject);
            ep.add(fd, 0);
        } catch (RuntimeException e) {
            cons.close();
            if (prod != null) prod.close();
            throw e;
        }
        this.consumerPage = cons;
        this.producerAndData = prod;
        this.epoll = ep;
        this.consumer = cons.pointer().getByteBuffer(0, page).order(ByteOrder.nativeOrder());
        this.producer = prod.pointer().getByteBuffer(0, page).order(ByteOrder.nativeOrder());
        this.data = prod.pointer().getByteBuffer(page, 2 * size).order(ByteOrder.nativeOrder());
        this.mask = size - 1;
    }

    @Override
    public int poll(Duration timeout) {
        int n = drain();
        if (n > 0) return n;
        long ms = timeout.toMillis();
        epoll.wait(ms > Integer.MAX_VALUE ? -1 : (int) ms);
        return drain();
    }

    @Override
    public int drain() {
        if (closed) throw new IllegalStateException("ring buffer reader is closed");
        int delivered = 0;
        long cons = (long) LONGS.getAcquire(consumer, 0);
        boolean progress = true;
        while (progress) {
            progress = false;
            long prod = (long) LONGS.getAcquire(producer, 0);
            while (cons < prod) {
                int at = (int) (cons & mask);
                int len = (int) INTS.getAcquire(data, at);
                if ((len & BUSY) != 0) {
                    LONGS.setRelease(consumer, 0, cons);
                    return delivered;
                }
                int size = len & ~(BUSY | DISCARD);
                cons += (size + HEADER + 7) & ~7L;
                if ((len & DISCARD) == 0) {
                    ByteBuffer record = data.slice(at + HEADER, size).order(ByteOrder.nativeOrder());
                    try {
                        sink.accept(record);
                    } finally {
                        LONGS.setRelease(consumer, 0, cons);
                    }
                    delivered++;
                } else {
                    LONGS.setRelease(consumer, 0, cons);
                }
                progress = true;
            }
        }
        return delivered;
    }

    /** Ring buffers do not count drops in user space: a full buffer makes the program's reserve fail. */
    @Override
    public long lost() {
        return 0;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        epoll.close();
        producerAndData.close();
        consumerPage.close();
    }
}
