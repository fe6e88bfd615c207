package org.bpf4j.runtime.ringbuf;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.lang.spi.RecordSource;
import org.bpf4j.runtime.map.KernelMap;

/** A {@code BPF_MAP_TYPE_RINGBUF} map as a source of records for Java. */
public final class RingBuffer implements RecordSource {
    private final KernelMap map;

    public RingBuffer(KernelMap map) {
        if (map.type() != MapKind.RINGBUF.kernelType()) {
            throw new IllegalArgumentException(map.name() + " is not a ring buffer (map type " + map.type() + ")");
        }
        this.map = map;
    }

    public KernelMap map() {
        return map;
    }

    /** Starts reading; each record reaches {@code sink} as a buffer valid only during the call. */
    @Override
    public RingBufferReader open(Consumer<ByteBuffer> sink) {
        return new RingBufferReader(map, sink);
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
