package org.bpf4j.lang.spi;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** Where a ring buffer or perf event array delivers its records in user space. */
public interface RecordSource extends AutoCloseable {
    /**
     * Starts consuming records. Each record is passed to {@code sink} as a buffer positioned at
     * its first byte, limited to its length, in host byte order, valid only during the call.
     */
    RecordReader open(Consumer<ByteBuffer> sink);

    /** Releases the underlying map. */
    @Override
    void close();
}
