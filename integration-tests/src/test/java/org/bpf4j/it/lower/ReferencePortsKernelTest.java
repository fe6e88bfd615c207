package org.bpf4j.it.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bpf4j.bench.ports.SockConnect4Redirect;
import org.bpf4j.bench.ports.TcPortFilter;
import org.bpf4j.bench.ports.TpExecEvents;
import org.bpf4j.bench.ports.XdpBlocklist;
import org.bpf4j.bench.ports.XdpIpv4Csum;
import org.bpf4j.bench.ports.XdpPass;
import org.bpf4j.bench.ports.XdpProtoCount;
import org.bpf4j.bench.ports.XdpUdpEcho;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.MapSpec;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.TestRunResult;
import org.bpf4j.runtime.attach.Attach;
import org.bpf4j.runtime.attach.Cgroups;
import org.bpf4j.runtime.attach.Link;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

/**
 * The Java ports of the reference C programs ({@code benchmarks/src/main/c/reference}): the objects have
 * the reference's program sections and maps (types, key and value sizes), and in the kernel they
 * return the verdicts, rewrite the packets and update the maps as the C programs do (the
 * tracepoint port: {@link TpExecEventsKernelTest}).
 */
class ReferencePortsKernelTest {
    private static final String SRC_MAC = "02:00:00:00:00:01";
    private static final String DST_MAC = "02:00:00:00:00:02";

    private static BpfObjectFile open(Class<?> port) {
        return BpfObjectFile.openResource(port, "/META-INF/bpf/" + port.getName() + ".bpf.o");
    }

    private static void map(Class<?> port, String name, int type, int keySize, int valueSize, int maxEntries) {
        BpfObject o = open(port).object();
        MapSpec m = o.map(name).orElseThrow(() -> new AssertionError("no map " + name));
        assertEquals(type, m.definition().mapType(), name + " type");
        assertEquals(keySize, m.definition().keySize(), name + " key size");
        assertEquals(valueSize, m.definition().valueSize(), name + " value size");
        assertEquals(maxEntries, m.definition().maxEntries(), name + " max entries");
    }

    private static void section(Class<?> port, String program, String section) {
        assertEquals(section, open(port).object().program(program).orElseThrow().section());
    }

    @Test
    void objectsDeclareWhatTheReferencesDeclare() {
        section(XdpPass.class, "xdpPass", "xdp");
        section(XdpBlocklist.class, "xdpBlocklist", "xdp");
        map(XdpBlocklist.class, "blocked", 1, 4, 8, 65536);
        map(XdpProtoCount.class, "protoCount", 6, 4, 8, 256);
        section(XdpUdpEcho.class, "xdpUdpEcho", "xdp");
        map(XdpIpv4Csum.class, "csumStats", 2, 4, 8, 2);
        section(TcPortFilter.class, "tcPortFilter", "tc");
        map(TcPortFilter.class, "deniedPorts", 2, 4, 1, 65536);
        section(SockConnect4Redirect.class, "sockConnect4Redirect", "cgroup/connect4");
        map(SockConnect4Redirect.class, "redirects", 2, 4, 8, 1);
        section(TpExecEvents.class, "tpExecEvents", "tracepoint/sched/sched_process_exec");
        map(TpExecEvents.class, "events", 27, 0, 0, 256 * 1024);
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    private static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(v).array();
    }

    private static long u64(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getLong();
    }

    private static byte[] tcp(String src, String dst, int dport) {
        return new PacketBuilder().ethernet(SRC_MAC, DST_MAC).ipv4(src, dst).tcp(40000, dport, PacketBuilder.TCP_SYN).build(60);
    }

    private static byte[] udp(String src, String dst, int sport, int dport) {
        return new PacketBuilder().ethernet(SRC_MAC, DST_MAC).ipv4(src, dst).udp(sport, dport).payload(new byte[8]).build(60);
    }

    @Test
    @KernelTest
    void xdpPass() {
        try (LoadedObject o = open(XdpPass.class).load()) {
            assertEquals(2, o.program("xdpPass").testRun(tcp("10.0.0.1", "10.0.0.2", 80)).retval());
        }
    }

    @Test
    @KernelTest
    void xdpBlocklistDropsAndCountsBlockedSources() {
        try (LoadedObject o = open(XdpBlocklist.class).load()) {
            KernelMap blocked = o.map("blocked");
            byte[] key = {(byte) 192, (byte) 168, 1, 100};
            blocked.update(key, u64(0));
            assertEquals(1, o.program("xdpBlocklist").testRun(tcp("192.168.1.100", "10.0.0.2", 80)).retval(), "DROP");
            assertEquals(1, o.program("xdpBlocklist").testRun(tcp("192.168.1.100", "10.0.0.3", 22)).retval(), "DROP");
            assertEquals(2, o.program("xdpBlocklist").testRun(tcp("192.168.1.101", "10.0.0.2", 80)).retval(), "PASS");
            byte[] arp = new PacketBuilder().ethernet(SRC_MAC, DST_MAC).payload(new byte[46]).build(60);
            arp[12] = 0x08;
            arp[13] = 0x06;
            assertEquals(2, o.program("xdpBlocklist").testRun(arp).retval(), "PASS for non-IPv4");
            byte[] truncated = Arrays.copyOf(tcp("192.168.1.100", "10.0.0.2", 80), 20);
            assertEquals(2, o.program("xdpBlocklist").testRun(truncated).retval(), "PASS when the IPv4 header is cut");
            assertEquals(2, u64(blocked.lookup(key)), "two drops counted");
        }
    }

    @Test
    @KernelTest
    void xdpProtoCountCountsPerProtocol() {
        try (LoadedObject o = open(XdpProtoCount.class).load()) {
            o.program("xdpProtoCount").testRun(tcp("10.0.0.1", "10.0.0.2", 80));
            o.program("xdpProtoCount").testRun(udp("10.0.0.1", "10.0.0.2", 5, 53));
            o.program("xdpProtoCount").testRun(udp("10.0.0.1", "10.0.0.2", 5, 53));
            byte[] v6 = new PacketBuilder().ethernet(SRC_MAC, DST_MAC).ipv6("fe80::1", "fe80::2").udp(1, 2).build(80);
            assertEquals(2, o.program("xdpProtoCount").testRun(v6).retval());
            KernelMap counts = o.map("protoCount");
            assertEquals(1, perCpuSum(counts, 6), "TCP");
            assertEquals(3, perCpuSum(counts, 17), "UDP over IPv4 and IPv6");
            assertEquals(0, perCpuSum(counts, 1), "ICMP");
        }
    }

    private static long perCpuSum(KernelMap map, int index) {
        byte[] values = map.lookup(u32(index));
        ByteBuffer b = ByteBuffer.wrap(values).order(ByteOrder.nativeOrder());
        long sum = 0;
        for (int i = 0; i + 8 <= values.length; i += map.perCpuStride()) {
            sum += b.getLong(i);
        }
        return sum;
    }

    @Test
    @KernelTest
    void xdpUdpEchoReflectsPort7() {
        try (LoadedObject o = open(XdpUdpEcho.class).load()) {
            byte[] in = udp("10.0.0.1", "10.0.0.2", 5555, 7);
            TestRunResult r = o.program("xdpUdpEcho").testRun(in);
            assertEquals(3, r.retval(), "TX");
            byte[] out = r.data();
            assertArrayEquals(Arrays.copyOfRange(in, 6, 12), Arrays.copyOfRange(out, 0, 6), "destination MAC = old source");
            assertArrayEquals(Arrays.copyOfRange(in, 0, 6), Arrays.copyOfRange(out, 6, 12), "source MAC = old destination");
            assertArrayEquals(Arrays.copyOfRange(in, 26, 30), Arrays.copyOfRange(out, 30, 34), "addresses swapped");
            assertArrayEquals(Arrays.copyOfRange(in, 30, 34), Arrays.copyOfRange(out, 26, 30), "addresses swapped");
            assertArrayEquals(Arrays.copyOfRange(in, 34, 36), Arrays.copyOfRange(out, 36, 38), "ports swapped");
            assertArrayEquals(Arrays.copyOfRange(in, 36, 38), Arrays.copyOfRange(out, 34, 36), "ports swapped");
            assertEquals(0, out[40] | out[41], "UDP checksum cleared");
            assertEquals(2, o.program("xdpUdpEcho").testRun(udp("10.0.0.1", "10.0.0.2", 5555, 8)).retval(), "PASS");
        }
    }

    @Test
    @KernelTest
    void xdpIpv4CsumDropsBadChecksums() {
        try (LoadedObject o = open(XdpIpv4Csum.class).load()) {
            byte[] good = tcp("10.0.0.1", "10.0.0.2", 80);
            byte[] bad = good.clone();
            bad[24] ^= 0x5A;
            assertEquals(2, o.program("xdpIpv4Csum").testRun(good).retval(), "PASS");
            assertEquals(2, o.program("xdpIpv4Csum").testRun(good).retval(), "PASS");
            assertEquals(1, o.program("xdpIpv4Csum").testRun(bad).retval(), "DROP");
            KernelMap stats = o.map("csumStats");
            assertEquals(2, u64(stats.lookup(u32(0))));
            assertEquals(1, u64(stats.lookup(u32(1))));
        }
    }

    @Test
    @KernelTest
    void tcPortFilterShootsDeniedPorts() {
        try (LoadedObject o = open(TcPortFilter.class).load()) {
            o.map("deniedPorts").update(u32(22), new byte[] {1});
            assertEquals(2, o.program("tcPortFilter").testRun(tcp("10.0.0.1", "10.0.0.2", 22)).retval(), "TC_ACT_SHOT");
            assertEquals(0, o.program("tcPortFilter").testRun(tcp("10.0.0.1", "10.0.0.2", 80)).retval(), "TC_ACT_OK");
            assertEquals(0, o.program("tcPortFilter").testRun(udp("10.0.0.1", "10.0.0.2", 1, 22)).retval(), "not TCP");
        }
    }

    /**
     * A process in a fresh cgroup connects to 10.0.0.1:80; the hook sends it to 127.0.0.1:8080,
     * where this test listens, and counts the redirect.
     */
    @Test
    @KernelTest
    void sockConnect4RedirectRedirectsARealConnect() throws Exception {
        Path cgroup = Cgroups.v2Mount().resolve("bpf4j-lower-" + ProcessHandle.current().pid());
        Files.createDirectory(cgroup);
        try (LoadedObject o = open(SockConnect4Redirect.class).load();
             Link link = Attach.cgroup(o.program("sockConnect4Redirect"), cgroup);
             ServerSocket server = new ServerSocket(8080, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5000);
            Process client = new ProcessBuilder("sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs")
                    + " && exec bash -c 'echo hi > /dev/tcp/10.0.0.1/80'").start();
            try (Socket accepted = server.accept()) {
                assertEquals("hi", new String(accepted.getInputStream().readNBytes(2), StandardCharsets.US_ASCII));
            }
            assertEquals(0, client.waitFor(), "the redirected connect succeeded");
            assertEquals(1, u64(o.map("redirects").lookup(u32(0))), "one redirect counted");
        } finally {
            Files.delete(cgroup);
        }
    }
}
