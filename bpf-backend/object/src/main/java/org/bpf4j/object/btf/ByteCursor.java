package org.bpf4j.object.btf;

/**
 * Little-endian reader over a window of a byte array. Every read is bounds-checked against the
 * window and fails with a {@link BtfFormatException} naming what was being read and where.
 */
final class ByteCursor {
    private final byte[] data;
    private final int end;
    private final String region;
    private int pos;

    /** Reads {@code data[start, end)}; {@code region} names the window in error messages. */
    ByteCursor(byte[] data, int start, int end, String region) {
        this.data = data;
        this.pos = start;
        this.end = end;
        this.region = region;
    }

    int position() {
        return pos;
    }

    boolean hasRemaining() {
        return pos < end;
    }

    /** Fails unless {@code count} bytes of {@code what} are left in the window. */
    void require(long count, String what) {
        if (count < 0 || count > end - pos) {
            throw BtfFormatException.at(pos, region + ": " + what + " needs " + count
                    + " bytes but only " + (end - pos) + " remain");
        }
    }

    int u8(String what) {
        require(1, what);
        return data[pos++] & 0xff;
    }

    int u16(String what) {
        require(2, what);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    /** A 32-bit field as a Java int (callers that need it unsigned use {@link #u32}). */
    int i32(String what) {
        require(4, what);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16
                | (data[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    long u32(String what) {
        return i32(what) & 0xffffffffL;
    }
}
