package org.bpf4j.object.btf;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The string section of a {@code .BTF} blob: NUL-terminated UTF-8 strings addressed by byte
 * offset, offset 0 being the empty string. Kept byte for byte as read, so re-encoding a parsed
 * BTF reproduces it exactly, including strings only {@code .BTF.ext} refers to.
 */
public final class BtfStringTable {
    static final BtfStringTable EMPTY = new BtfStringTable(new byte[] {0});

    private final byte[] bytes;
    private volatile Map<String, Integer> index;

    private BtfStringTable(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Reads {@code data[start, start+length)} as a string section, checking its framing. */
    static BtfStringTable read(byte[] data, int start, int length) {
        if (length == 0 || data[start] != 0) {
            throw BtfFormatException.at(start, "BTF string section must start with an empty string (NUL byte)");
        }
        if (data[start + length - 1] != 0) {
            throw BtfFormatException.at(start + length - 1L, "BTF string section must end with a NUL byte");
        }
        return new BtfStringTable(Arrays.copyOfRange(data, start, start + length));
    }

    /** Wraps a freshly built array, which the caller must not modify afterwards. */
    static BtfStringTable wrap(byte[] bytes) {
        return new BtfStringTable(bytes);
    }

    /** Size in bytes. */
    public int size() {
        return bytes.length;
    }

    /** True if {@code offset} is the start of a string inside the table. */
    public boolean contains(long offset) {
        return offset >= 0 && offset < bytes.length;
    }

    /** The string starting at {@code offset}, which must be valid UTF-8. */
    public String get(long offset) {
        if (!contains(offset)) {
            throw new BtfFormatException("string offset " + offset + " outside the BTF string table of "
                    + bytes.length + " bytes");
        }
        int start = (int) offset;
        int end = start;
        boolean ascii = true;
        while (bytes[end] != 0) {
            ascii &= bytes[end] > 0;
            end++;
        }
        if (ascii) {
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }
        try {
            // Strict, so that every string read encodes back to the bytes it came from.
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            throw new BtfFormatException("the BTF string at offset " + offset + " is not valid UTF-8");
        }
    }

    /**
     * An offset at which {@code s} can be read: the first whole string equal to it, else the tail
     * of a longer string (producers may share suffixes, and a parsed table must re-encode).
     */
    public OptionalInt offsetOf(String s) {
        Integer off = index().get(s);
        if (off != null) {
            return OptionalInt.of(off);
        }
        int tail = findTail(bytes, bytes.length, s);
        return tail < 0 ? OptionalInt.empty() : OptionalInt.of(tail);
    }

    /** {@link #get}, failing with the position and meaning of the offset that was read. */
    String get(long offset, long referencedAt, String what) {
        if (!contains(offset)) {
            throw BtfFormatException.at(referencedAt, what + " " + offset + " outside the BTF string table of "
                    + bytes.length + " bytes");
        }
        try {
            return get(offset);
        } catch (BtfFormatException e) {
            throw BtfFormatException.at(referencedAt, what + ": " + e.getMessage());
        }
    }

    /** The offset of {@code s} + NUL within {@code table[0, limit)}, or -1. A linear scan, for the rare miss. */
    static int findTail(byte[] table, int limit, String s) {
        byte[] needle = (s + '\0').getBytes(StandardCharsets.UTF_8);
        outer:
        for (int at = 0; at + needle.length <= limit; at++) {
            for (int i = 0; i < needle.length; i++) {
                if (table[at + i] != needle[i]) {
                    continue outer;
                }
            }
            return at;
        }
        return -1;
    }

    byte[] bytes() {
        return bytes.clone();
    }

    Map<String, Integer> index() {
        Map<String, Integer> m = index;
        if (m == null) {
            m = new HashMap<>();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    m.putIfAbsent(new String(bytes, start, i - start, StandardCharsets.UTF_8), start);
                    start = i + 1;
                }
            }
            index = m;
        }
        return m;
    }
}
