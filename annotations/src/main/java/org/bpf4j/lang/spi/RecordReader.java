package org.bpf4j.lang.spi;

import java.time.Duration;

/**
 * A consumer of ring-buffer or perf-buffer records, delivering them to the sink it was opened
 * with, on the calling thread.
 */
public interface RecordReader extends AutoCloseable {
    /**
     * Waits up to {@code timeout} for records, then delivers all available ones.
     *
     * @return the number of records delivered (0 on timeout)
     */
    int poll(Duration timeout);

    /** Delivers the records available now without waiting; returns their number. */
    int drain();

    /** Records the kernel dropped because the buffer was full (perf buffers; 0 for ring buffers). */
    long lost();

    /** Stops reading and releases the reader's resources (not the map). */
    @Override
    void close();
}
