package org.bpf4j.lang;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.Size;

/** An IPv6 key of a {@link BpfLpmTrieMap}: prefix length and the 16 address bytes. */
@BpfStruct
public final class LpmKey6 {
    /** Bits of {@link #addr} that count. */
    public int prefixLen;
    /** The address, most significant byte first. */
    @Size(16)
    public byte[] addr = new byte[16];

    /** Java side: a key for CIDR notation, {@code "2001:db8::/32"}; a bare address is a /128. */
    public static LpmKey6 of(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        int prefixLen = 128;
        if (slash >= 0) {
            String length = cidr.substring(slash + 1);
            if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv6 CIDR block: '" + cidr + "'");
            }
            prefixLen = Integer.parseInt(length);
        }
        if (prefixLen > 128 || !address.contains(":")) {
            throw new IllegalArgumentException("not an IPv6 CIDR block: '" + cidr + "'");
        }
        LpmKey6 key = new LpmKey6();
        key.prefixLen = prefixLen;
        try {
            // A literal containing ':' is parsed, never resolved through DNS.
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != 16) {
                throw new IllegalArgumentException("not an IPv6 address: '" + cidr + "'");
            }
            key.addr = bytes;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: '" + cidr + "'", e);
        }
        return key;
    }
}
