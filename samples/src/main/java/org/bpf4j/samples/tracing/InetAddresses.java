package org.bpf4j.samples.tracing;

/** Addresses as the C tools print them, with {@code inet_ntop}'s text forms. */
final class InetAddresses {
    private InetAddresses() {}

    /**
     * The first 4 bytes of {@code addr} dotted for IPv4; for IPv6 its 16 bytes in hex groups with
     * the longest run of two or more zero groups as {@code ::}, and an IPv4-mapped address as
     * {@code ::ffff:a.b.c.d}.
     */
    static String of(int ipVersion, byte[] addr) {
        if (ipVersion == 4) {
            return dotted(addr, 0);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (addr[2 * i] & 0xff) << 8 | addr[2 * i + 1] & 0xff;
        }
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 && groups[5] == 0xffff) {
            return "::ffff:" + dotted(addr, 12);
        }
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    private static String dotted(byte[] addr, int from) {
        return (addr[from] & 0xff) + "." + (addr[from + 1] & 0xff) + "." + (addr[from + 2] & 0xff) + "." + (addr[from + 3] & 0xff);
    }
}
