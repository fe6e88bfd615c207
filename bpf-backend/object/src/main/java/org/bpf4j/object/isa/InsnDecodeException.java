package org.bpf4j.object.isa;

/** Bytes that are not a valid instruction sequence; names the byte offset of the bad instruction. */
public final class InsnDecodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int byteOffset;

    public InsnDecodeException(int byteOffset, String problem) {
        super("at byte offset " + byteOffset + ": " + problem);
        this.byteOffset = byteOffset;
    }

    public int byteOffset() {
        return byteOffset;
    }
}
