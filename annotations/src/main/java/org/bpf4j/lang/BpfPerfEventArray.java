package org.bpf4j.lang;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;
import org.bpf4j.annotation.KernelMapType;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.lang.spi.RecordSource;

/**
 * A perf event array ({@code BPF_MAP_TYPE_PERF_EVENT_ARRAY}) used as per-CPU output buffers:
 * BPF code copies {@code T} records with {@link #output}; Java reads them through
 * {@link #reader}. Prefer {@link BpfRingBuffer} where the kernel has it (5.8+); perf buffers
 * drop records when full and report them as {@link RecordReader#lost()}. Declare with
 * {@code @BpfMap(maxEntries = 0)}: the loader sizes it to the possible CPUs.
 */
@KernelMapType(MapKind.PERF_EVENT_ARRAY)
public class BpfPerfEventArray<T> extends AbstractBpfMap {
    private final Codec<T> codec;
    private final RecordSource source;
    private final int capacityBytes;
    private final Deque<byte[]> jvmRecords = new ArrayDeque<>();
    private long jvmBytes;
    private long jvmLost;

    /** A buffer in JVM memory holding up to {@code capacityBytes} of records; more are lost. */
    public BpfPerfEventArray(Class<T> recordType, int capacityBytes) {
        this(Codecs.of(recordType), capacityBytes);
    }

    /** A buffer in JVM memory with an explicit codec. */
    public BpfPerfEventArray(Codec<T> codec, int capacityBytes) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("perf buffer capacity must be positive, got " + capacityBytes);
        }
        this.codec = codec;
        this.source = null;
        this.capacityBytes = capacityBytes;
    }

    /** A perf event array over the runtime's kernel map and perf buffers. */
    public BpfPerfEventArray(Codec<T> codec, RecordSource source) {
        this.codec = codec;
        this.source = source;
        this.capacityBytes = 0;
    }

    /**
     * Copies {@code record} to the current CPU's buffer ({@code BPF_F_CURRENT_CPU}); false when
     * it was lost.
     */
    @Intrinsic(IntrinsicOp.PERF_OUTPUT)
    public boolean output(BpfContext ctx, T record) {
        if (source != null) {
            throw new IllegalStateException("perf event output runs only in BPF code or on a buffer in JVM memory");
        }
        byte[] bytes = Codecs.toBytes(codec, record);
        synchronized (jvmRecords) {
            if (jvmBytes + bytes.length > capacityBytes) {
                jvmLost++;
                return false;
            }
            jvmRecords.addLast(bytes);
            jvmBytes += bytes.length;
            jvmRecords.notifyAll();
        }
        return true;
    }

    /** Java side: delivers records to {@code consumer} on the thread that polls. */
    public RecordReader reader(Consumer<? super T> consumer) {
        if (source != null) {
            return source.open((ByteBuffer buffer) -> consumer.accept(codec.decode(buffer)));
        }
        return new RecordReader() {
            @Override
            public int poll(Duration timeout) {
                JvmWait.until(jvmRecords, () -> !jvmRecords.isEmpty(), timeout);
                return drain();
            }

            @Override
            public int drain() {
                int count = 0;
                while (true) {
                    byte[] bytes;
                    synchronized (jvmRecords) {
                        bytes = jvmRecords.pollFirst();
                        if (bytes == null) {
                            return count;
                        }
                        jvmBytes -= bytes.length;
                    }
                    consumer.accept(Codecs.fromBytes(codec, bytes, 0));
                    count++;
                }
            }

            @Override
            public long lost() {
                synchronized (jvmRecords) {
                    return jvmLost;
                }
            }

            @Override
            public void close() {
                // Nothing to release: the records stay in the buffer for another reader.
            }
        };
    }

    /** The record codec. */
    public Codec<T> codec() {
        return codec;
    }

    /** 0: the kernel map gets one slot per possible CPU. */
    @Override
    public int maxEntries() {
        return 0;
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
        }
    }
}
