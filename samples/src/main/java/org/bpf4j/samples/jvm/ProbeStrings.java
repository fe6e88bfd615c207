package org.bpf4j.samples.jvm;

import java.nio.charset.StandardCharsets;

/**
 * HotSpot's probes pass strings as a pointer and a length, without a terminating NUL: the
 * programs copy a fixed number of bytes, the length says how many of them count.
 */
final class ProbeStrings {
    private ProbeStrings() {}

    /** The first {@code length} bytes of {@code copied} (all of them when the string was longer). */
    static String decode(byte[] copied, int length) {
        return new String(copied, 0, Math.min(Math.max(length, 0), copied.length), StandardCharsets.UTF_8);
    }
}
