package org.bpf4j.lang;

import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.Size;

/**
 * An IPv4 key of a {@link BpfLpmTrieMap}: prefix length (host order) and the address bytes in
 * network order. In BPF code, look up a packet's address with {@code prefixLen = 32} and
 * {@code addr} filled from the header, e.g. with {@code Bpf.xdpLoadBytes} or byte by byte.
 */
@BpfStruct
public final class LpmKey4 {
    /** Bits of {@link #addr} that count. */
    public int prefixLen;
    /** The address, most significant byte first. */
    @Size(4)
    public byte[] addr = new byte[4];

    /** Java side: a key for a host-value address ({@link Ipv4#parse}) and prefix length. */
    public static LpmKey4 of(int address, int prefixLen) {
        if (prefixLen < 0 || prefixLen > 32) {
            throw new IllegalArgumentException("IPv4 prefix length " + prefixLen + " is outside 0..32");
        }
        LpmKey4 key = new LpmKey4();
        key.prefixLen = prefixLen;
        key.addr = new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8),
                (byte) address};
        return key;
    }

    /** Java side: a key for CIDR notation, {@code "10.0.0.0/8"}; a bare address is a /32. */
    public static LpmKey4 of(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return of(Ipv4.parse(cidr), 32);
        }
        String length = cidr.substring(slash + 1);
        if (length.isEmpty() || length.length() > 2 || !length.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not an IPv4 CIDR block: '" + cidr + "'");
        }
        return of(Ipv4.parse(cidr.substring(0, slash)), Integer.parseInt(length));
    }
}
