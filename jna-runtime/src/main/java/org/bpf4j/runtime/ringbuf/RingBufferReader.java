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
 * discarded ones are skipped. Each record reaches the sink as a copy on the Java heap, so it stays
 * valid after the call. Polls run one at a time; {@link #close()} from another thread wakes and
 * waits for a running poll, then unmaps; every later poll throws {@link IllegalStateException}.
 */
public final class RingBufferReader implements RecordReader {
    private static final int BUSY = 1 << 31, DISCARD = 1 << 30, HEADER = 8;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final Consumer<ByteBuffer> sink;
    private final ByteBuffer consumer;
    private final ByteBuffer producer;
    private final ByteBuffer data;
    private final long mask;
    private final PollGate gate;

    RingBufferReader(KernelMap map, Consumer<ByteBuffer> sink) {
        this.sink = sink;
        int page = MappedRegion.pageSize();
        long size = Integer.toUnsignedLong(map.maxEntries());
        String subject = "ring buffer '" + map.name() + "'";
        if (Long.bitCount(size) != 1 || 2 * size > Integer.MAX_VALUE - page) {
            throw new IllegalArgumentException(subject + ": size " + size
                    + " must be a power of two below 1 GiB to be mapped from Java");
        }
        MappedRegion cons = null, prod = null;
        Epoll ep = null;
        int fd = map.fd().acquire();
        try {
            cons = MappedRegion.map(fd, page, MappedRegion.PROT_READ | MappedRegion.PROT_WRITE, 0, subject);
            prod = MappedRegion.map(fd, page + 2 * size, MappedRegion.PROT_READ, page, subject);
            ep = new Epoll(subject);
            ep.add(fd, 0);
        } catch (RuntimeException e) {
            if (cons != null) cons.close();
            if (prod != null) prod.close();
            if (ep != null) ep.close();
            throw e;
        } finally {
            map.fd().release();
        }
        MappedRegion consumerPage = cons, producerAndData = prod;
        Epoll readyEvents = ep;
        this.gate = new PollGate(subject + " reader", ep, () -> {
            readyEvents.close();
            producerAndData.close();
            consumerPage.close();
        });
        this.consumer = cons.view().slice(0, page).order(ByteOrder.nativeOrder());
        this.producer = prod.view().slice(0, page).order(ByteOrder.nativeOrder());
        this.data = prod.view().slice(page, (int) (2 * size)).order(ByteOrder.nativeOrder());
        this.mask = size - 1;
    }

    @Override
    public int poll(Duration timeout) {
        return gate.poll(timeout, this::drainOpen);
    }

    @Override
    public int drain() {
        return gate.drain(this::drainOpen);
    }

    private int drainOpen() {
        int delivered = 0;
        long cons = (long) LONGS.getAcquire(consumer, 0);
        boolean progress = true;
        while (progress && !gate.isClosed()) {
            progress = false;
            long prod = (long) LONGS.getAcquire(producer, 0);
            while (cons < prod && !gate.isClosed()) {
                int at = (int) (cons & mask);
                int len = (int) INTS.getAcquire(data, at);
                if ((len & BUSY) != 0) {
                    LONGS.setRelease(consumer, 0, cons);
                    return delivered;
                }
                int size = len & ~(BUSY | DISCARD);
                cons += (size + HEADER + 7) & ~7L;
                if ((len & DISCARD) == 0) {
                    byte[] record = new byte[size];
                    data.get(at + HEADER, record);
                    LONGS.setRelease(consumer, 0, cons);
                    sink.accept(ByteBuffer.wrap(record).order(ByteOrder.nativeOrder()));
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

    /** Stops the reader: wakes and waits for a running poll, then unmaps the ring. */
    @Override
    public void close() {
        gate.close();
    }
}
