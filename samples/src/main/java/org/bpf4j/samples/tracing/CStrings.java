package org.bpf4j.samples.tracing;

import java.nio.charset.StandardCharsets;

/** The kernel's NUL-terminated strings, as the tools print them. */
final class CStrings {
    private CStrings() {}

    /** The bytes before the first NUL (all of them when there is none), as UTF-8. */
    static String of(byte[] chars) {
        int n = 0;
        while (n < chars.length && chars[n] != 0) {
            n++;
        }
        return new String(chars, 0, n, StandardCharsets.UTF_8);
    }
}
