package org.bpf4j.samples.jvm;

import java.nio.charset.StandardCharsets;

/**
 * HotSpot's probes pass strings as a pointer and a length; C strings (a thread's, a collector's
 * or a compiler's name) end with a NUL, class and method names do not. The programs copy them
 * with {@code probeReadUserStr}, which stops at the first NUL: never further than a fixed-size
 * copy, usually much less, and a copy that reaches a page the process never touched fails whole
 * (the record keeps zeros). The length says how many of the copied bytes count.
 */
final class ProbeStrings {
    private ProbeStrings() {}

    /**
     * The first {@code length} bytes of {@code copied}, or fewer where the copy ended: at its NUL
     * (the last byte when the string was longer than the record's array).
     */
    static String decode(byte[] copied, int length) {
        int max = Math.min(Math.max(length, 0), copied.length);
        int end = 0;
        while (end < max && copied[end] != 0) {
            end++;
        }
        return new String(copied, 0, end, StandardCharsets.UTF_8);
    }
}
