package org.bpf4j.processor.skeleton;

/**
 * Offset expressions as a person would write them: {@code at}, {@code at + 8},
 * {@code at + 8 + i * 4}; a zero offset adds nothing and a one-byte stride is just {@code i}.
 */
final class Offsets {
    private Offsets() {}

    /** {@code base + offset}, or {@code base} alone for offset 0. */
    static String plus(String base, int offset) {
        return offset == 0 ? base : base + " + " + offset;
    }

    /** The offset of element {@code index} of an array of {@code stride}-byte elements at {@code base + offset}. */
    static String element(String base, int offset, String index, int stride) {
        return plus(base, offset) + " + " + scaled(index, stride);
    }

    private static String scaled(String index, int stride) {
        if (stride == 1) {
            return index;
        }
        boolean compound = index.contains(" ");
        return (compound ? "(" + index + ")" : index) + " * " + stride;
    }
}
