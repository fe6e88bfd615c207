package org.bpf4j.bench;

import java.util.ArrayList;
import java.util.List;
import org.bpf4j.runtime.packet.Checksum;

/**
 * The test packets of {@code benchmarks/src/main/c/bpfmeasure.c}, byte for byte (including the
 * deliberately odd ones: a corrupted checksum, IPv4 options, a runt), so that both tools run
 * programs on identical input.
 */
public final class ReferencePackets {
    /** One named packet. */
    public record Packet(String name, byte[] bytes) {}

    private ReferencePackets() {}

    public static List<Packet> all() {
        List<Packet> out = new ArrayList<>();
        byte[] p;

        p = new byte[128]; eth(p, 0x0800); ipv4(p, 14, 17, 46, 0x0a000001, 0x0a000002);
        p[34] = 0x30; p[35] = 0x39; p[36] = 0; p[37] = 7; p[39] = 26;
        out.add(packet("udp_echo", p, 60));

        p = new byte[128]; eth(p, 0x0800); ipv4(p, 14, 6, 40, 0x0a000003, 0x0a000002);
        p[34] = (byte) 0xc0; p[35] = 0x01; p[36] = 0; p[37] = 22; p[46] = 0x50; p[47] = 0x02;
        out.add(packet("tcp_22", p, 60));

        p = new byte[128]; eth(p, 0x0800); ipv4(p, 14, 6, 40, 0xc0a80164, 0x0a000002);
        p[34] = (byte) 0xc0; p[35] = 0x02; p[36] = 0; p[37] = 80; p[46] = 0x50;
        out.add(packet("tcp_80_blocked_src", p, 60));

        p = new byte[128]; eth(p, 0x0800); ipv4(p, 14, 17, 46, 0x0a000001, 0x0a000002); p[25] ^= 0x5a;
        out.add(packet("bad_csum", p, 60));

        p = new byte[128]; eth(p, 0x86dd); p[14] = 0x60; p[19] = 8; p[20] = 17; p[21] = 64;
        out.add(packet("ipv6_udp", p, 14 + 40 + 8));

        p = new byte[128]; eth(p, 0x0800); ipv4(p, 14, 6, 64, 0x0a000005, 0x0a000002);
        p[14] = 0x46; csumIpv4(p, 14); p[40] = 0; p[41] = 22; p[38 + 12] = 0x50;
        out.add(packet("ipv4_opts_tcp", p, 78));

        p = new byte[128]; eth(p, 0x0800); ipv4(p, 14, 17, 40, 0x0a000009, 0x0a000002);
        p[34] = 0x14; p[35] = (byte) 0xe9; p[36] = 0; p[37] = 53; p[39] = 20;
        out.add(packet("udp_dns", p, 54));

        p = new byte[128]; eth(p, 0x0806);
        out.add(packet("arp", p, 42));

        p = new byte[128]; eth(p, 0x0800);
        out.add(packet("runt", p, 20));
        return out;
    }

    private static Packet packet(String name, byte[] buffer, int length) {
        return new Packet(name, java.util.Arrays.copyOf(buffer, length));
    }

    private static void eth(byte[] b, int etherType) {
        b[5] = 2;
        b[11] = 1;
        b[12] = (byte) (etherType >> 8);
        b[13] = (byte) etherType;
    }

    private static void ipv4(byte[] b, int at, int proto, int totalLength, int src, int dst) {
        b[at] = 0x45;
        b[at + 2] = (byte) (totalLength >> 8);
        b[at + 3] = (byte) totalLength;
        b[at + 5] = 1;
        b[at + 8] = 64;
        b[at + 9] = (byte) proto;
        for (int i = 0; i < 4; i++) {
            b[at + 12 + i] = (byte) (src >>> (24 - 8 * i));
            b[at + 16 + i] = (byte) (dst >>> (24 - 8 * i));
        }
        csumIpv4(b, at);
    }

    /** Always sums 20 bytes, as bpfmeasure does (even with options present). */
    private static void csumIpv4(byte[] b, int at) {
        b[at + 10] = 0;
        b[at + 11] = 0;
        int c = Checksum.of(b, at, 20);
        b[at + 10] = (byte) (c >> 8);
        b[at + 11] = (byte) c;
    }
}
