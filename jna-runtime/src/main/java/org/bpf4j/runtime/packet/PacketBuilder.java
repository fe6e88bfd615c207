package org.bpf4j.runtime.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds test packets layer by layer, outermost first, filling in ether types, protocol
 * numbers, lengths and checksums (IPv4 header, TCP/UDP with the pseudo-header, ICMP, ICMPv6):
 * <pre>{@code
 * byte[] p = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
 *         .ipv4("10.0.0.1", "10.0.0.2").udp(12345, 53).payload(new byte[8]).build();
 * }</pre>
 */
public final class PacketBuilder {
    public static final int ETH_P_IPV4 = 0x0800, ETH_P_IPV6 = 0x86dd, ETH_P_ARP = 0x0806, ETH_P_8021Q = 0x8100;
    public static final int IPPROTO_ICMP = 1, IPPROTO_TCP = 6, IPPROTO_UDP = 17, IPPROTO_ICMPV6 = 58;
    public static final int TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_PSH = 0x08, TCP_ACK = 0x10;

    private sealed interface Layer permits Ethernet, Vlan, Ipv4, Ipv6, Tcp, Udp, Icmp, Raw {}
    private record Ethernet(byte[] src, byte[] dst) implements Layer {}
    private record Vlan(int id, int priority) implements Layer {}
    private record Ipv4(byte[] src, byte[] dst, int ttl, int id, byte[] options) implements Layer {}
    private record Ipv6(byte[] src, byte[] dst, int hopLimit) implements Layer {}
    private record Tcp(int sport, int dport, int flags, int seq, int ack) implements Layer {}
    private record Udp(int sport, int dport) implements Layer {}
    private record Icmp(int type, int code, int rest) implements Layer {}
    private record Raw(byte[] bytes) implements Layer {}

    private final List<Layer> layers = new ArrayList<>();

    public PacketBuilder ethernet(String srcMac, String dstMac) {
        return add(new Ethernet(mac(srcMac), mac(dstMac)));
    }

    /** An 802.1Q tag between Ethernet and the next layer. */
    public PacketBuilder vlan(int id) {
        if (id < 0 || id > 4095) throw new IllegalArgumentException("VLAN id must be 0..4095, got " + id);
        return add(new Vlan(id, 0));
    }

    public PacketBuilder ipv4(String src, String dst) {
        return ipv4(src, dst, 64, new byte[0]);
    }

    /** IPv4 with TTL and options (padded by the caller to a multiple of 4 bytes, at most 40). */
    public PacketBuilder ipv4(String src, String dst, int ttl, byte[] options) {
        if (options.length % 4 != 0 || options.length > 40) {
            throw new IllegalArgumentException("IPv4 options must be a multiple of 4 bytes up to 40, got " + options.length);
        }
        return add(new Ipv4(address(src, 4), address(dst, 4), ttl, 1, options.clone()));
    }

    public PacketBuilder ipv6(String src, String dst) {
        return add(new Ipv6(address(src, 16), address(dst, 16), 64));
    }

    public PacketBuilder tcp(int sport, int dport, int flags) {
        return add(new Tcp(port(sport), port(dport), flags, 1, 0));
    }

    public PacketBuilder udp(int sport, int dport) {
        return add(new Udp(port(sport), port(dport)));
    }

    /** ICMP (or ICMPv6 after IPv6), e.g. echo request: type 8 (v4) / 128 (v6), code 0; {@code rest = id << 16 | seq}. */
    public PacketBuilder icmp(int type, int code, int rest) {
        return add(new Icmp(type & 0xff, code & 0xff, rest));
    }

    public PacketBuilder payload(byte[] bytes) {
        return add(new Raw(bytes.clone()));
    }

    private PacketBuilder add(Layer l) {
        layers.add(l);
        return this;
    }

    /** The packet bytes, padded with zeros to {@code minLength} (e.g. 60 for a minimum Ethernet frame). */
    public byte[] build(int minLength) {
        byte[] p = build();
        return p.length >= minLength ? p : java.util.Arrays.copyOf(p, minLength);
    }

    public byte[] build() {
        byte[][] encoded = new byte[layers.size()][];
        // Inner layers first: lengths and checksums depend on what follows.
        for (int i = layers.size() - 1; i >= 0; i--) encoded[i] = encode(i, encoded);
        ByteBuffer out = ByteBuffer.allocate(length(encoded, 0));
        for (byte[] e : encoded) out.put(e);
        return out.array();
    }

    private static int length(byte[][] encoded, int from) {
        int n = 0;
        for (int i = from; i < encoded.length; i++) n += encoded[i].length;
        return n;
    }

    private byte[] encode(int i, byte[][] encoded) {
        Layer l = layers.get(i);
        Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
        int innerLength = length(encoded, i + 1);
        if (l instanceof Ethernet e) {
            return ByteBuffer.allocate(14).put(e.dst()).put(e.src()).putShort((short) etherType(next)).array();
        } else if (l instanceof Vlan v) {
            return ByteBuffer.allocate(4).putShort((short) (v.priority() << 13 | v.id())).putShort((short) etherType(next))
                    .array();
        } else if (l instanceof Ipv4 ip) {
            int hl = 20 + ip.options().length;
            ByteBuffer b = ByteBuffer.allocate(hl).put((byte) (0x40 | hl / 4)).put((byte) 0)
                    .putShort((short) (hl + innerLength)).putShort((short) ip.id()).putShort((short) 0)
                    .put((byte) ip.ttl()).put((byte) protocol(next, false)).putShort((short) 0)
                    .put(ip.src()).put(ip.dst()).put(ip.options());
            byte[] h = b.array();
            int c = Checksum.of(h, 0, hl);
            h[10] = (byte) (c >> 8);
            h[11] = (byte) c;
            return h;
        } else if (l instanceof Ipv6 ip) {
            return ByteBuffer.allocate(40).putInt(0x60000000).putShort((short) innerLength)
                    .put((byte) protocol(next, true)).put((byte) ip.hopLimit()).put(ip.src()).put(ip.dst()).array();
        } else if (l instanceof Tcp t) {
            byte[] h = ByteBuffer.allocate(20).putShort((short) t.sport()).putShort((short) t.dport()).putInt(t.seq())
                    .putInt(t.ack()).put((byte) 0x50).put((byte) t.flags()).putShort((short) 65535).putInt(0).array();
            return withL4Checksum(i, h, 16, encoded, IPPROTO_TCP);
        } else if (l instanceof Udp u) {
            byte[] h = ByteBuffer.allocate(8).putShort((short) u.sport()).putShort((short) u.dport())
                    .putShort((short) (8 + innerLength)).putShort((short) 0).array();
            return withL4Checksum(i, h, 6, encoded, IPPROTO_UDP);
        } else if (l instanceof Icmp ic) {
            byte[] h = ByteBuffer.allocate(8).put((byte) ic.type()).put((byte) ic.code()).putShort((short) 0)
                    .putInt(ic.rest()).array();
            boolean v6 = enclosingIp(i) instanceof Ipv6;
            return withL4Checksum(i, h, 2, encoded, v6 ? IPPROTO_ICMPV6 : -1);
        } else {
            return ((Raw) l).bytes();
        }
    }

    /** Fills the checksum at {@code csumOff}; {@code proto} < 0 means no pseudo-header (ICMPv4). */
    private byte[] withL4Checksum(int i, byte[] header, int csumOff, byte[][] encoded, int proto) {
        int total = header.length + length(encoded, i + 1);
        long sum = 0;
        Layer ip = enclosingIp(i);
        if (proto >= 0 && ip instanceof Ipv4 v4) {
            sum = Checksum.add(sum, v4.src(), 0, 4);
            sum = Checksum.add(sum, v4.dst(), 0, 4);
            sum += proto + total;
        } else if (proto >= 0 && ip instanceof Ipv6 v6) {
            sum = Checksum.add(sum, v6.src(), 0, 16);
            sum = Checksum.add(sum, v6.dst(), 0, 16);
            sum += total + proto;
        }
        sum = Checksum.add(sum, header, 0, header.length);
        // Payloads of odd length are only ever last, so word alignment across layers holds.
        for (int j = i + 1; j < encoded.length; j++) sum = Checksum.add(sum, encoded[j], 0, encoded[j].length);
        int c = Checksum.finish(sum);
        if (c == 0 && proto == IPPROTO_UDP) c = 0xffff;
        header[csumOff] = (byte) (c >> 8);
        header[csumOff + 1] = (byte) c;
        return header;
    }

    private Layer enclosingIp(int i) {
        for (int j = i - 1; j >= 0; j--) {
            Layer l = layers.get(j);
            if (l instanceof Ipv4 || l instanceof Ipv6) return l;
        }
        return null;
    }

    private static int etherType(Layer next) {
        if (next instanceof Vlan) return ETH_P_8021Q;
        if (next instanceof Ipv4) return ETH_P_IPV4;
        if (next instanceof Ipv6) return ETH_P_IPV6;
        if (next == null || next instanceof Raw) return 0;
        throw new IllegalStateException("Ethernet/VLAN must be followed by VLAN, IPv4, IPv6 or a payload");
    }

    private static int protocol(Layer next, boolean v6) {
        if (next instanceof Tcp) return IPPROTO_TCP;
        if (next instanceof Udp) return IPPROTO_UDP;
        if (next instanceof Icmp) return v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
        if (next == null || next instanceof Raw) return 255; // reserved: raw payload for tests
        throw new IllegalStateException("IP must be followed by TCP, UDP, ICMP or a payload");
    }

    private static byte[] mac(String s) {
        String[] parts = s.split(":");
        if (parts.length != 6) throw new IllegalArgumentException("not a MAC address: '" + s + "'");
        byte[] b = new byte[6];
        try {
            for (int i = 0; i < 6; i++) b[i] = (byte) Integer.parseInt(parts[i], 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a MAC address: '" + s + "'");
        }
        return b;
    }

    private static byte[] address(String literal, int size) {
        boolean looksLiteral = size == 4 ? literal.matches("\\d{1,3}(\\.\\d{1,3}){3}") : literal.contains(":");
        if (!looksLiteral) throw new IllegalArgumentException("not an IPv" + (size == 4 ? 4 : 6) + " address: '" + literal + "'");
        try {
            InetAddress a = InetAddress.getByName(literal); // a literal: no lookup happens
            if (size == 4 && !(a instanceof Inet4Address) || size == 16 && !(a instanceof Inet6Address)) {
                throw new IllegalArgumentException("not an IPv" + (size == 4 ? 4 : 6) + " address: '" + literal + "'");
            }
            return a.getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + literal + "'");
        }
    }

    private static int port(int p) {
        if (p < 0 || p > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + p);
        return p;
    }
}
