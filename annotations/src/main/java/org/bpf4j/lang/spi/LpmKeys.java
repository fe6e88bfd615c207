package org.bpf4j.lang.spi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Keys of LPM trie maps ({@code struct bpf_lpm_trie_key}): a host-order u32 prefix length in
 * bits followed by the data bytes, compared most significant bit first.
 */
final class LpmKeys {
    /** The kernel's limit on LPM data ({@code LPM_DATA_SIZE_MAX}). */
    static final int MAX_DATA_BYTES = 256;

    private LpmKeys() {
    }

    static int prefixLength(byte[] key) {
        return ByteBuffer.wrap(key).order(ByteOrder.nativeOrder()).getInt(0);
    }

    /**
     * The key with its prefix length checked and the data bits past it cleared.
     *
     * @throws IllegalArgumentException when the prefix is longer than the data ({@code EINVAL})
     */
    static byte[] normalize(byte[] key) {
        int length = prefixLength(key);
        int dataBits = (key.length - 4) * 8;
        if (length < 0 || length > dataBits) {
            throw new IllegalArgumentException("LPM prefix length " + length + " is outside 0.." + dataBits);
        }
        byte[] normalized = key.clone();
        for (int bit = length; bit < dataBits; bit++) {
            normalized[4 + bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return normalized;
    }

    /** Whether the stored prefix {@code entry} matches {@code key} (and is no longer than its prefix). */
    static boolean covers(byte[] entry, byte[] key) {
        int length = prefixLength(entry);
        if (length > prefixLength(key)) {
            return false;
        }
        for (int bit = 0; bit < length; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((entry[4 + bit / 8] & mask) != (key[4 + bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
