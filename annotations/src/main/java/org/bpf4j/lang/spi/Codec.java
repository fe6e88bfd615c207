package org.bpf4j.lang.spi;

import java.nio.ByteBuffer;

/**
 * Converts a key, value or record between its Java form and the bytes the kernel sees. Buffers
 * are in host byte order ({@code ByteOrder.nativeOrder()}), positioned at the start of the
 * element; {@code encode} and {@code decode} advance the position by exactly {@link #size()}.
 * {@code org.bpf4j.lang.Codecs} has the codecs for boxed primitives, {@code byte[]} and (by
 * reflection) {@code @BpfStruct} classes; generated skeletons supply faster struct codecs.
 */
public interface Codec<T> {
    /** Encoded size in bytes (the C {@code sizeof}, padding included). */
    int size();

    /** Writes {@code value} at the buffer's position. */
    void encode(T value, ByteBuffer out);

    /** Reads a new value from the buffer's position. */
    T decode(ByteBuffer in);
}
