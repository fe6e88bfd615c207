package org.bpf4j.lang;

import org.bpf4j.annotation.Foldable;

/**
 * IPv4 addresses as the {@code int} host values headers and contexts use:
 * {@code 192.168.1.100} is {@code 0xC0A80164}. {@link #parse} and {@link #of} are
 * {@link Foldable}: BPF code may call them with constant arguments.
 */
public final class Ipv4 {
    private Ipv4() {
    }

    /**
     * Parses a dotted quad.
     *
     * @throws IllegalArgumentException when {@code text} is not four decimal numbers 0–255
     */
    @Foldable
    public static int parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("IPv4 address text is null");
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address (need four dot-separated numbers): '" + text + "'");
        }
        int address = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (bad part '" + part + "')");
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (" + value + " > 255)");
            }
            address = address << 8 | value;
        }
        return address;
    }

    /**
     * The address {@code a.b.c.d}.
     *
     * @throws IllegalArgumentException when a part is outside 0–255
     */
    @Foldable
    public static int of(int a, int b, int c, int d) {
        if ((a | b | c | d) >>> 8 != 0) {
            throw new IllegalArgumentException("IPv4 address parts must be 0-255: " + a + "." + b + "." + c + "." + d);
        }
        return a << 24 | b << 16 | c << 8 | d;
    }

    /** Formats a host-value address as a dotted quad. */
    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }
}
