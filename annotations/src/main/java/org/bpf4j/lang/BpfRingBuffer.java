package org.bpf4j.lang;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;
import org.bpf4j.annotation.KernelMapType;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.lang.spi.RecordSource;

/**
 * A ring buffer ({@code BPF_MAP_TYPE_RINGBUF}) of {@code T} records, shared by all CPUs,
 * delivered in reservation order. {@code @BpfMap(maxEntries)} is its size in bytes (a power of
 * two and a multiple of the page size); each record takes its size plus an 8-byte header,
 * rounded up to 8.
 *
 * <pre>{@code
 * Event e = events.reserve();          // BPF code
 * if (e != null) { e.pid = ...; events.submit(e); }
 *
 * try (var reader = skel.events().reader(e -> System.out.println(e.pid))) {   // Java
 *     reader.poll(Duration.ofMillis(100));
 * }
 * }</pre>
 *
 * <p>On the JVM the buffer lives in memory with the same capacity accounting, so a full buffer
 * makes {@link #reserve()} return {@code null} exactly when it would in the kernel.
 */
@KernelMapType(MapKind.RINGBUF)
public class BpfRingBuffer<T> extends AbstractBpfMap {
    private final Codec<T> codec;
    private final int capacity;
    private final RecordSource source;
    private final JvmRing<T> jvm;

    /** A ring buffer in JVM memory of {@code capacityBytes} bytes for a {@code @BpfStruct} type. */
    public BpfRingBuffer(Class<T> recordType, int capacityBytes) {
        this(Codecs.of(recordType), capacityBytes);
    }

    /** A ring buffer in JVM memory with an explicit codec. */
    public BpfRingBuffer(Codec<T> codec, int capacityBytes) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("ring buffer capacity must be positive, got " + capacityBytes);
        }
        this.codec = codec;
        this.capacity = capacityBytes;
        this.source = null;
        this.jvm = new JvmRing<>(codec, capacityBytes);
    }

    /** A ring buffer over the runtime's kernel map. */
    public BpfRingBuffer(Codec<T> codec, RecordSource source, int capacityBytes) {
        this.codec = codec;
        this.capacity = capacityBytes;
        this.source = source;
        this.jvm = null;
    }

    /**
     * Reserves a record; {@code null} when the buffer is full. Submit or discard it. The kernel
     * does not zero it (the JVM does): write every member before you submit it. BPF code that
     * reads a member some path has not written since the reserve is a javac error at the read;
     * members never written and submitted reach the reader with whatever the buffer held.
     */
    @Intrinsic(IntrinsicOp.RINGBUF_RESERVE)
    public T reserve() {
        return jvm("reserve").reserve();
    }

    /** Makes a reserved record visible to readers. */
    @Intrinsic(IntrinsicOp.RINGBUF_SUBMIT)
    public void submit(T record) {
        jvm("submit").commit(record, true);
    }

    /** Releases a reserved record without delivering it. */
    @Intrinsic(IntrinsicOp.RINGBUF_DISCARD)
    public void discard(T record) {
        jvm("discard").commit(record, false);
    }

    /** Copies {@code record} into the buffer; false when the buffer is full. */
    @Intrinsic(IntrinsicOp.RINGBUF_OUTPUT)
    public boolean output(T record) {
        return jvm("output").output(record);
    }

    /**
     * Java side: starts delivering records to {@code consumer} on the thread that calls the
     * reader's {@code poll}/{@code drain}.
     */
    public RecordReader reader(Consumer<? super T> consumer) {
        if (jvm != null) {
            return jvm.reader(consumer);
        }
        return source.open((ByteBuffer buffer) -> consumer.accept(codec.decode(buffer)));
    }

    /** The record codec. */
    public Codec<T> codec() {
        return codec;
    }

    /** Size in bytes. */
    @Override
    public int maxEntries() {
        return capacity;
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
        }
    }

    private JvmRing<T> jvm(String operation) {
        if (jvm == null) {
            throw new IllegalStateException("ring buffer " + operation
                    + "() runs only in BPF code or on a ring buffer in JVM memory");
        }
        return jvm;
    }
}
