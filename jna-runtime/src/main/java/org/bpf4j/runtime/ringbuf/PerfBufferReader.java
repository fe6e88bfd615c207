package org.bpf4j.runtime.ringbuf;

import com.sun.jna.Memory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.sys.Cpus;
import org.bpf4j.runtime.sys.Epoll;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.LibC;
import org.bpf4j.runtime.sys.MappedRegion;
import org.bpf4j.runtime.sys.Sys;

/**
 * Reads a perf event array: per online CPU a {@code PERF_COUNT_SW_BPF_OUTPUT} event whose
 * ring is mmap-ed and stored in the map at the CPU's index. Samples go to the sink; the
 * kernel's LOST records are summed into {@link #lost()}. Each sample reaches the sink as a copy
 * on the Java heap. Polls run one at a time; {@link #close()} from another thread wakes and
 * waits for a running poll, then unmaps; every later poll throws {@link IllegalStateException}.
 */
public final class PerfBufferReader implements RecordReader {
    private static final int PERF_TYPE_SOFTWARE = 1, PERF_COUNT_SW_BPF_OUTPUT = 10, PERF_SAMPLE_RAW = 1 << 10;
    private static final int PERF_FLAG_FD_CLOEXEC = 8, PERF_EVENT_IOC_ENABLE = 0x2400;
    private static final int PERF_RECORD_LOST = 2, PERF_RECORD_SAMPLE = 9;
    private static final int ATTR_SIZE = 128;
    /** Offsets in {@code struct perf_event_mmap_page}. */
    private static final int DATA_HEAD = 1024, DATA_TAIL = 1032;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final Consumer<ByteBuffer> sink;
    private final List<CpuRing> rings = new ArrayList<>();
    private final Epoll epoll;
    private final PollGate gate;
    private volatile long lost;

    /** One CPU's event and ring. */
    private static final class CpuRing {
        final Fd event;
        final MappedRegion region;
        final ByteBuffer meta;
        final ByteBuffer data;
        final int size;

        CpuRing(Fd event, MappedRegion region, int page, int size) {
            this.event = event;
            this.region = region;
            this.size = size;
            this.meta = region.view().slice(0, page).order(ByteOrder.nativeOrder());
            this.data = region.view().slice(page, size).order(ByteOrder.nativeOrder());
        }

        void close() {
            region.close();
            event.close();
        }
    }

    PerfBufferReader(KernelMap map, int pagesPerCpu, Consumer<ByteBuffer> sink) {
        this.sink = sink;
        String subject = "perf buffer '" + map.name() + "'";
        this.epoll = new Epoll(subject);
        this.gate = new PollGate(subject + " reader", epoll, this::releaseAll);
        try {
            int page = MappedRegion.pageSize();
            for (int cpu : Cpus.online()) {
                if (cpu >= map.maxEntries()) break;
                rings.add(openCpu(map, cpu, page, pagesPerCpu, subject));
                epoll.add(rings.get(rings.size() - 1).event.get(), rings.size() - 1);
            }
        } catch (RuntimeException e) {
            releaseAll();
            throw e;
        }
    }

    private static CpuRing openCpu(KernelMap map, int cpu, int page, int pages, String subject) {
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        attr.setInt(0, PERF_TYPE_SOFTWARE);
        attr.setInt(4, ATTR_SIZE);
        attr.setLong(8, PERF_COUNT_SW_BPF_OUTPUT);
        attr.setLong(16, 1);               // sample_period
        attr.setLong(24, PERF_SAMPLE_RAW); // sample_type
        attr.setInt(48, 1);                // wakeup_events
        String what = subject + " on CPU " + cpu;
        Fd event = new Fd(Sys.perfEventOpen(attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC, what), what);
        try {
            MappedRegion region = MappedRegion.map(event.get(), (long) page * (pages + 1),
                    MappedRegion.PROT_READ | MappedRegion.PROT_WRITE, 0, what);
            CpuRing ring = new CpuRing(event, region, page, page * pages);
            try {
                Sys.check(LibC.ioctl(event.get(), PERF_EVENT_IOC_ENABLE, 0), "ioctl(PERF_EVENT_IOC_ENABLE)", what);
                byte[] key = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(cpu).array();
                byte[] value = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(event.get()).array();
                map.update(key, value);
            } catch (RuntimeException e) {
                region.close();
                throw e;
            }
            return ring;
        } catch (RuntimeException e) {
            event.close();
            throw e;
        }
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
        for (CpuRing r : rings) delivered += drain(r);
        return delivered;
    }

    private int drain(CpuRing r) {
        long head = (long) LONGS.getAcquire(r.meta, DATA_HEAD);
        long tail = (long) LONGS.get(r.meta, DATA_TAIL);
        int delivered = 0;
        while (tail < head && !gate.isClosed()) {
            int at = (int) (tail & (r.size - 1));
            ByteBuffer rec = contiguous(r, at, 8);
            int type = rec.getInt(0);
            int size = Short.toUnsignedInt(rec.getShort(6));
            if (size < 8) break; // corrupt header: stop rather than spin
            rec = contiguous(r, at, size);
            tail += size;
            if (type == PERF_RECORD_SAMPLE && size >= 12) {
                byte[] sample = new byte[Math.max(0, Math.min(rec.getInt(8), size - 12))];
                rec.get(12, sample);
                LONGS.setRelease(r.meta, DATA_TAIL, tail);
                sink.accept(ByteBuffer.wrap(sample).order(ByteOrder.nativeOrder()));
                delivered++;
                continue;
            }
            if (type == PERF_RECORD_LOST && size >= 24) lost += rec.getLong(16);
            LONGS.setRelease(r.meta, DATA_TAIL, tail);
        }
        return delivered;
    }

    /** The record at {@code at}, copied out when it wraps around the end of the ring. */
    private static ByteBuffer contiguous(CpuRing r, int at, int length) {
        if (at + length <= r.size) return r.data.slice(at, length).order(ByteOrder.nativeOrder());
        ByteBuffer copy = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        int first = r.size - at;
        copy.put(0, r.data, at, first);
        copy.put(first, r.data, 0, length - first);
        return copy;
    }

    @Override
    public long lost() {
        return lost;
    }

    /** Stops the reader: wakes and waits for a running poll, then unmaps the rings. */
    @Override
    public void close() {
        gate.close();
    }

    private void releaseAll() {
        rings.forEach(CpuRing::close);
        epoll.close();
    }
}
