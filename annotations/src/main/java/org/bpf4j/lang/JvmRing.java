package org.bpf4j.lang;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.lang.spi.RecordReader;

/**
 * The JVM model of a BPF ring buffer: records in reservation order, each taking
 * {@code roundUp8(8 + size)} bytes until consumed; a consumer stops at the first record still
 * reserved, as the kernel's does.
 */
final class JvmRing<T> {
    private static final int HEADER = 8;

    private final Codec<T> codec;
    private final int capacity;
    private final Deque<Slot<T>> slots = new ArrayDeque<>();
    private long used;

    JvmRing(Codec<T> codec, int capacity) {
        this.codec = codec;
        this.capacity = capacity;
    }

    private int footprint() {
        return (HEADER + codec.size() + 7) & ~7;
    }

    synchronized T reserve() {
        if (used + footprint() > capacity) {
            return null;
        }
        T record = codec.decode(ByteBuffer.allocate(codec.size()).order(ByteOrder.nativeOrder()));
        slots.addLast(new Slot<>(record));
        used += footprint();
        return record;
    }

    synchronized void commit(T record, boolean submit) {
        for (Slot<T> slot : slots) {
            if (slot.record == record && slot.bytes == null && !slot.discarded) {
                if (submit) {
                    slot.bytes = Codecs.toBytes(codec, record);
                } else {
                    slot.discarded = true;
                }
                notifyAll();
                return;
            }
        }
        throw new IllegalArgumentException("record was not reserved from this ring buffer, or was already "
                + (submit ? "submitted" : "discarded"));
    }

    synchronized boolean output(T record) {
        if (used + footprint() > capacity) {
            return false;
        }
        Slot<T> slot = new Slot<>(null);
        slot.bytes = Codecs.toBytes(codec, record);
        slots.addLast(slot);
        used += footprint();
        notifyAll();
        return true;
    }

    private synchronized boolean ready() {
        Slot<T> head = slots.peekFirst();
        return head != null && (head.bytes != null || head.discarded);
    }

    /** Removes deliverable records from the head; returns those submitted, encoded. */
    private synchronized Deque<byte[]> take() {
        Deque<byte[]> taken = new ArrayDeque<>();
        while (ready()) {
            Slot<T> head = slots.removeFirst();
            used -= footprint();
            if (head.bytes != null) {
                taken.add(head.bytes);
            }
        }
        return taken;
    }

    RecordReader reader(Consumer<? super T> consumer) {
        return new RecordReader() {
            private boolean closed;

            @Override
            public int poll(Duration timeout) {
                JvmWait.until(JvmRing.this, () -> closed || ready(), timeout);
                return drain();
            }

            @Override
            public int drain() {
                if (closed) {
                    throw new IllegalStateException("reader is closed");
                }
                int count = 0;
                for (byte[] bytes : take()) {
                    consumer.accept(Codecs.fromBytes(codec, bytes, 0));
                    count++;
                }
                return count;
            }

            @Override
            public long lost() {
                return 0;
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    private static final class Slot<T> {
        final T record;
        byte[] bytes;
        boolean discarded;

        Slot(T record) {
            this.record = record;
        }
    }
}
