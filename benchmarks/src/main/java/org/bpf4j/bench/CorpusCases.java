package org.bpf4j.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.packet.Checksum;
import org.bpf4j.runtime.packet.PacketBuilder;

/**
 * What {@link Compare} runs the programs of the corpus on: one family of test packets that
 * every packet program sees (the reference packets plus packets that take the other paths of
 * each program: VLAN tags, IPv6 extension headers, TCP options, DNS, ICMP, tunnels, rewrites),
 * the arguments raw tracepoint programs run with, and the map contents both objects get before
 * the runs. A program added to the corpus adds the packets its paths need here.
 */
public final class CorpusCases {
    private static final String SRC_MAC = "00:00:00:00:00:01", DST_MAC = "00:00:00:00:00:02";
    private static final int MIN_FRAME = 60;

    private CorpusCases() {}

    /** The test packets, in a fixed order (maps see them in this order). */
    public static List<ReferencePackets.Packet> packets() {
        List<ReferencePackets.Packet> out = new ArrayList<>(ReferencePackets.all());
        vlan(out);
        ipv6(out);
        tcpOptions(out);
        dns(out);
        icmp(out);
        rewrites(out);
        tunnels(out);
        payloads(out);
        flows(out);
        return out;
    }

    /** {@code bpf_raw_tracepoint_args} for sys_enter: (regs, syscall number), at and around the table's end. */
    public static List<long[]> rawTracepointArgs() {
        return List.of(new long[] {0, 0}, new long[] {0, 59}, new long[] {0, 510}, new long[] {0, 511},
                new long[] {0, 600}, new long[] {0, -1});
    }

    /** Gives the maps of a loaded object (C or Java) their initial contents, by map name. */
    public static void seed(LoadedObject o) {
        for (KernelMap m : o.maps()) {
            switch (Compare.normalize(m.name())) {
                case "blocked" -> put(m, bytes("c0a80164"), new byte[8]);
                case "deniedports" -> put(m, u32(22), new byte[] {1});
                case "dscpbyport" -> {
                    put(m, u32(5060), new byte[] {46}); // EF
                    put(m, u32(22), new byte[] {18}); // AF21
                }
                // 10.0.0.1 -> 198.51.100.1, both as on the wire; then padding and the packet count
                case "nattable" -> put(m, bytes("0a000001"), bytes("c6336401" + "00000000" + "0000000000000000"));
                case "backends" -> {
                    for (int slot = 0; slot < 3; slot++) put(m, u32(slot), bytes("02000000000" + (slot + 1)));
                    // slot 3 stays all zero: a backend without MAC
                }
                case "rateconfig" -> put(m, u32(0), u32(3));
                case "macallow" -> put(m, bytes("000000000001"), new byte[8]);
                case "jumptable" -> {
                    putProgram(o, m, 0, "xdptailtcp");
                    putProgram(o, m, 1, "xdptailudp");
                }
                default -> { }
            }
        }
    }

    private static void put(KernelMap m, byte[] key, byte[] value) {
        if (m.keySize() != key.length || m.valueSize() != value.length) {
            throw new IllegalStateException("map " + m.name() + " has key/value sizes " + m.keySize() + "/" + m.valueSize()
                    + ", the corpus seeds " + key.length + "/" + value.length);
        }
        m.update(key, value);
    }

    private static void putProgram(LoadedObject o, KernelMap table, int slot, String program) {
        LoadedProgram p = o.programs().stream().filter(q -> Compare.normalize(q.name()).equals(program)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no program " + program + " for " + table.name()));
        table.update(u32(slot), u32(p.fd().get()));
    }

    private static void vlan(List<ReferencePackets.Packet> out) {
        add(out, "vlan_udp", eth().vlan(100).ipv4("10.0.1.1", "10.0.0.2").udp(1000, 2000).build(MIN_FRAME));
        byte[] qinq = eth().vlan(200).vlan(300).ipv4("10.0.1.2", "10.0.0.2").tcp(1001, 80, PacketBuilder.TCP_SYN).build(MIN_FRAME);
        qinq[12] = (byte) 0x88; // outer tag 802.1ad
        qinq[13] = (byte) 0xa8;
        add(out, "qinq_tcp", qinq);
        add(out, "vlan_non_ip", eth().vlan(5).payload(new byte[46]).build());
        add(out, "vlan_runt", Arrays.copyOf(eth().vlan(7).ipv4("10.0.1.3", "10.0.0.2").udp(1, 2).build(), 16));
    }

    private static void ipv6(List<ReferencePackets.Packet> out) {
        byte[] tcp = new PacketBuilder().tcp(40000, 443, PacketBuilder.TCP_SYN).build();
        add(out, "ipv6_hop_route_tcp", ipv6With(0, concat(ext(43, 0), ext(6, 0), tcp)));
        add(out, "ipv6_fragment", ipv6With(44, concat(ext(17, 0), new byte[8])));
        add(out, "ipv6_dstopts_x5", ipv6With(60, concat(ext(60, 0), ext(60, 1), ext(60, 0), ext(60, 0), ext(17, 0), new byte[8])));
        add(out, "ipv6_ext_cut", ipv6With(0, new byte[0]));
        add(out, "ipv6_icmp", eth().ipv6("fd00::1", "fd00::2").icmp(128, 0, 0x10001).build());
    }

    private static void tcpOptions(List<ReferencePackets.Packet> out) {
        // MSS 1460, NOP, window scale 7, SACK permitted, timestamps: 20 bytes, doff 10
        add(out, "syn_opts", synWith(10, bytes("020405b4" + "01" + "030307" + "0402" + "080a0000000100000000")));
        add(out, "syn_small_mss", synWith(6, bytes("020401f4")));
        add(out, "syn_doff4", synWith(4, new byte[0]));
        add(out, "syn_opts_cut", synWith(15, bytes("01010204")));
        add(out, "syn_eol", synWith(7, bytes("00000000020405b4")));
        add(out, "syn_bad_optlen", synWith(6, bytes("03010000")));
        add(out, "synack", eth().ipv4("10.0.0.7", "10.0.0.2").tcp(443, 40000, PacketBuilder.TCP_SYN | PacketBuilder.TCP_ACK).build(MIN_FRAME));
    }

    private static void dns(List<ReferencePackets.Packet> out) {
        String question = "03777777" + "076578616d706c65" + "03636f6d" + "00" + "00010001";
        add(out, "dns_query", udpFrom("10.0.0.8", 5353, 53, bytes("1234" + "0100" + "0001" + "0000" + "0000" + "0000" + question)));
        add(out, "dns_response", udpFrom("10.0.0.9", 53, 5353, bytes("1234" + "8180" + "0001" + "0001" + "0000" + "0000" + question)));
        add(out, "dns_status_opcode", udpFrom("10.0.0.8", 5353, 53, bytes("1234" + "1000" + "0001" + "0000" + "0000" + "0000" + question)));
        add(out, "dns_two_questions", udpFrom("10.0.0.8", 5353, 53, bytes("1234" + "0100" + "0002" + "0000" + "0000" + "0000" + question)));
        add(out, "dns_empty_label", udpFrom("10.0.0.8", 5353, 53, bytes("1234" + "0100" + "0001" + "0000" + "0000" + "0000" + "00")));
        add(out, "dns_long_label", udpFrom("10.0.0.8", 5353, 53, bytes("1234" + "0100" + "0001" + "0000" + "0000" + "0000" + "40")));
        add(out, "dns_cut", udpFrom("10.0.0.8", 5353, 53, bytes("123401")));
    }

    private static void icmp(List<ReferencePackets.Packet> out) {
        byte[] data = bytes("0001020304050607");
        add(out, "icmp_echo", eth().ipv4("10.0.0.4", "10.0.0.2").icmp(8, 0, 0x12340001).payload(data).build(MIN_FRAME));
        add(out, "icmp_echo_reply", eth().ipv4("10.0.0.4", "10.0.0.2").icmp(0, 0, 0x12340001).payload(data).build(MIN_FRAME));
        add(out, "icmp_code1", eth().ipv4("10.0.0.4", "10.0.0.2").icmp(8, 1, 0x12340001).build(MIN_FRAME));
        add(out, "icmp_cut", Arrays.copyOf(eth().ipv4("10.0.0.4", "10.0.0.2").icmp(8, 0, 1).build(), 38));
    }

    private static void rewrites(List<ReferencePackets.Packet> out) {
        add(out, "ttl_1", eth().ipv4("10.0.0.6", "10.0.0.2", 1, new byte[0]).udp(1, 2).build(MIN_FRAME));
        add(out, "sip_udp", udpFrom("10.0.0.10", 5060, 5060, new byte[20]));
        byte[] marked = udpFrom("10.0.0.10", 5060, 5060, new byte[20]);
        marked[15] = (byte) 0xb8; // already EF
        fixIpv4Checksum(marked, 14);
        add(out, "sip_udp_marked", marked);
        add(out, "nat_tcp", eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40001, 443, PacketBuilder.TCP_ACK).build(MIN_FRAME));
        add(out, "nat_udp_csum", udpFrom("10.0.0.1", 40002, 443, bytes("68656c6c6f")));
        add(out, "nat_tcp_cut", Arrays.copyOf(eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40003, 443, 0).build(), 44));
        add(out, "tcp_8080", eth().ipv4("10.0.0.11", "10.0.0.2").tcp(40004, 8080, PacketBuilder.TCP_SYN).build(MIN_FRAME));
        add(out, "udp_8080", udpFrom("10.0.0.11", 40005, 8080, bytes("0102030405")));
        byte[] noCsum = udpFrom("10.0.0.11", 40006, 8080, bytes("0102030405"));
        noCsum[40] = 0;
        noCsum[41] = 0;
        add(out, "udp_8080_no_csum", noCsum);
        add(out, "tcp_telnet", eth().ipv4("10.0.0.12", "10.0.0.2").tcp(40007, 23, PacketBuilder.TCP_SYN).build(MIN_FRAME));
        add(out, "tcp_cut", Arrays.copyOf(eth().ipv4("10.0.0.12", "10.0.0.2").tcp(40008, 80, 0).build(), 40));
        add(out, "udp_discard", udpFrom("10.0.0.13", 40009, 9, new byte[8]));
        add(out, "udp_netbios", udpFrom("10.0.0.13", 137, 137, new byte[8]));
        add(out, "udp_dynamic", udpFrom("10.0.0.13", 50000, 60000, new byte[8]));
        add(out, "foreign_mac", new PacketBuilder().ethernet("02:00:00:00:00:99", DST_MAC).ipv4("10.0.0.14", "10.0.0.2")
                .udp(1, 2).build(MIN_FRAME));
    }

    private static void tunnels(List<ReferencePackets.Packet> out) {
        byte[] inner = new PacketBuilder().ipv4("172.16.0.1", "172.16.0.2").udp(1000, 2000).payload(new byte[4]).build();
        add(out, "ipip", ipip(inner));
        byte[] notV4 = inner.clone();
        notV4[0] = 0x65;
        add(out, "ipip_inner_not_v4", ipip(notV4));
        add(out, "ipip_cut", ipip(Arrays.copyOf(inner, 10)));
    }

    private static void payloads(List<ReferencePackets.Packet> out) {
        byte[] early = new byte[40];
        early[5] = (byte) 0xde;
        early[6] = (byte) 0xad;
        add(out, "marker_early", udpFrom("10.0.0.15", 1, 2, early));
        byte[] last = new byte[40];
        last[31] = (byte) 0xde;
        last[32] = (byte) 0xad;
        add(out, "marker_last", udpFrom("10.0.0.15", 1, 2, last));
        byte[] beyond = new byte[40];
        beyond[32] = (byte) 0xde;
        beyond[33] = (byte) 0xad;
        add(out, "marker_beyond", udpFrom("10.0.0.15", 1, 2, beyond));
        add(out, "marker_at_end", udpFrom("10.0.0.15", 1, 2, bytes("00de")));
        add(out, "jumbo", udpFrom("10.0.0.16", 1, 2, new byte[1400]));
    }

    /** Flows that spread over the load balancer's four slots, and repeat sources for the rate limit. */
    private static void flows(List<ReferencePackets.Packet> out) {
        for (int i = 0; i < 8; i++) {
            add(out, "flow_" + i, udpFrom("10.0.2." + (i % 3), 1000 + i, 80, new byte[8]));
        }
    }

    private static PacketBuilder eth() {
        return new PacketBuilder().ethernet(SRC_MAC, DST_MAC);
    }

    private static byte[] udpFrom(String source, int sport, int dport, byte[] payload) {
        return eth().ipv4(source, "10.0.0.2").udp(sport, dport).payload(payload).build(MIN_FRAME);
    }

    /** IPv6 from fd00::1 whose first next header is {@code next}, followed by {@code rest}. */
    private static byte[] ipv6With(int next, byte[] rest) {
        byte[] p = eth().ipv6("fd00::1", "fd00::2").payload(rest).build();
        p[14 + 6] = (byte) next;
        return p;
    }

    /** An 8-byte extension header ({@code hdrlen} more 8-byte units follow, zero-filled). */
    private static byte[] ext(int next, int hdrlen) {
        byte[] e = new byte[8 * (hdrlen + 1)];
        e[0] = (byte) next;
        e[1] = (byte) hdrlen;
        return e;
    }

    /** A TCP SYN from 10.0.0.7 with data offset {@code doff} and these option bytes. */
    private static byte[] synWith(int doff, byte[] options) {
        byte[] p = eth().ipv4("10.0.0.7", "10.0.0.2").tcp(40000, 443, PacketBuilder.TCP_SYN).payload(options).build();
        p[14 + 20 + 12] = (byte) (doff << 4);
        return p;
    }

    private static byte[] ipip(byte[] inner) {
        byte[] p = eth().ipv4("192.0.2.1", "192.0.2.2").payload(inner).build(MIN_FRAME);
        p[14 + 9] = 4; // IPPROTO_IPIP
        fixIpv4Checksum(p, 14);
        return p;
    }

    private static void fixIpv4Checksum(byte[] p, int at) {
        p[at + 10] = 0;
        p[at + 11] = 0;
        int c = Checksum.of(p, at, 20);
        p[at + 10] = (byte) (c >> 8);
        p[at + 11] = (byte) c;
    }

    private static void add(List<ReferencePackets.Packet> out, String name, byte[] bytes) {
        out.add(new ReferencePackets.Packet(name, bytes));
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) b.put(p);
        return b.array();
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }
}
