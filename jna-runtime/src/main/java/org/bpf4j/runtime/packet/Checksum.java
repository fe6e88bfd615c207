package org.bpf4j.runtime.packet;

/** The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words. */
public final class Checksum {
    private Checksum() {}

    /** Adds {@code len} bytes at {@code off} to a running 32-bit sum (big-endian words). */
    public static long add(long sum, byte[] b, int off, int len) {
        for (int i = 0; i + 1 < len; i += 2) sum += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        if ((len & 1) != 0) sum += (b[off + len - 1] & 0xff) << 8;
        return sum;
    }

    /** Folds a running sum and complements it. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) (~sum & 0xffff);
    }

    /** The checksum of {@code len} bytes at {@code off}. */
    public static int of(byte[] b, int off, int len) {
        return finish(add(0, b, off, len));
    }
}
