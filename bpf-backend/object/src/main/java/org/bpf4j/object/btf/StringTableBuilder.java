package org.bpf4j.object.btf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Append-only, deduplicating string section under construction. */
final class StringTableBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> offsets;
    private final byte[] base;

    /** Starts from the bytes of {@code base}, which stay unchanged at the front. */
    StringTableBuilder(BtfStringTable base) {
        offsets = new HashMap<>(base.index());
        this.base = base.bytes();
        out.writeBytes(this.base);
    }

    /**
     * The offset of {@code s}: a whole string already present, else the tail of a string of the
     * base table (so a parsed table whose producer shared suffixes re-encodes unchanged), else
     * appended.
     */
    int add(String s) {
        Integer existing = offsets.get(s);
        if (existing != null) {
            return existing;
        }
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("BTF string contains a NUL character: " + s);
        }
        int tail = BtfStringTable.findTail(base, base.length, s);
        if (tail >= 0) {
            offsets.put(s, tail);
            return tail;
        }
        int off = out.size();
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        offsets.put(s, off);
        return off;
    }

    BtfStringTable build() {
        return BtfStringTable.wrap(out.toByteArray());
    }
}
