package org.bpf4j.object.btf;

/**
 * Where a (possibly nested) field lies inside its outermost struct or union.
 *
 * @param path      the path as asked, e.g. {@code "task_struct.pid"}
 * @param typeId    the field's declared BTF type
 * @param bitOffset offset from the start of the outermost type, in bits
 * @param bitSize   size in bits (the bitfield width for bitfields)
 */
public record FieldLocation(String path, int typeId, long bitOffset, int bitSize, boolean bitfield) {

    /** Byte offset; for a bitfield, of the byte holding its first bit. */
    public long byteOffset() {
        return bitOffset / 8;
    }

    /** Size in bytes, rounded up for bitfields. */
    public int byteSize() {
        return (bitSize + 7) / 8;
    }
}
