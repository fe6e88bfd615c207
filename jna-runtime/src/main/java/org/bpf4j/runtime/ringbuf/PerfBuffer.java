package org.bpf4j.runtime.ringbuf;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.lang.spi.RecordSource;
import org.bpf4j.runtime.map.KernelMap;

/**
 * A {@code BPF_MAP_TYPE_PERF_EVENT_ARRAY} as a source of records: one perf ring per online
 * CPU, each {@code pagesPerCpu} pages (a power of two).
 */
public final class PerfBuffer implements RecordSource {
    /** 8 pages (32 KiB) per CPU unless told otherwise, as libbpf's tools commonly use. */
    public static final int DEFAULT_PAGES_PER_CPU = 8;

    private final KernelMap map;
    private final int pagesPerCpu;

    public PerfBuffer(KernelMap map) {
        this(map, DEFAULT_PAGES_PER_CPU);
    }

    public PerfBuffer(KernelMap map, int pagesPerCpu) {
        if (map.type() != MapKind.PERF_EVENT_ARRAY.kernelType()) {
            throw new IllegalArgumentException(map.name() + " is not a perf event array (map type " + map.type() + ")");
        }
        if (pagesPerCpu <= 0 || Integer.bitCount(pagesPerCpu) != 1) {
            throw new IllegalArgumentException("pages per CPU must be a power of two, got " + pagesPerCpu);
        }
        this.map = map;
        this.pagesPerCpu = pagesPerCpu;
    }

    @Override
    public PerfBufferReader open(Consumer<ByteBuffer> sink) {
        return new PerfBufferReader(map, pagesPerCpu, sink);
    }

    /** Starts reading, decoding each record with {@code codec}. */
    public <T> RecordReader open(Codec<T> codec, Consumer<? super T> sink) {
        return open(buffer -> sink.accept(codec.decode(buffer)));
    }

    @Override
    public void close() {
        map.close();
    }
}
