package org.bpf4j.backend.btf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Append-only, deduplicating string section under construction. */
final class StringTableBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> offsets;

    /** Starts from the bytes of {@code base}, which stay unchanged at the front. */
    StringTableBuilder(BtfStringTable base) {
        offsets = new HashMap<>(base.index());
        out.writeBytes(base.bytes());
    }

    /** The offset of {@code s}, appending it when it is not yet present. */
    int add(String s) {
        Integer existing = offsets.get(s);
        if (existing != null) {
            return existing;
        }
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("BTF string contains a NUL character: " + s);
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
