package org.bpf4j.lang;

/**
 * IPv4 addresses as the {@code int} host values headers and contexts use:
 * {@code 192.168.1.100} is {@code 0xC0A80164}. For Java code (not BPF code).
 */
public final class Ipv4 {
    private Ipv4() {
    }

    /**
     * Parses a dotted quad.
     *
     * @throws IllegalArgumentException when {@code text} is not four decimal numbers 0–255
     */
    public static int parse(String text) {
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

    /** Formats a host-value address as a dotted quad. */
    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }
}
