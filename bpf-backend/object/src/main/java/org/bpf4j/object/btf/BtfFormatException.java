package org.bpf4j.object.btf;

/**
 * Malformed {@code .BTF} or {@code .BTF.ext} data. The message names what is wrong and the byte
 * offset where it was found.
 */
public final class BtfFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BtfFormatException(String message) {
        super(message);
    }

    static BtfFormatException at(long byteOffset, String message) {
        return new BtfFormatException(message + " (at byte offset " + byteOffset + ")");
    }
}
