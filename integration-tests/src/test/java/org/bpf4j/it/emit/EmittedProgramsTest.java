package org.bpf4j.it.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bpf4j.bench.Compare;
import org.bpf4j.compiler.Pipeline;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference programs, written in IR and emitted by the back end, on the real kernel: they
 * pass the verifier (through libbpf/bpftool and through our loader), behave as the C originals on
 * test packets, and take no more instruction slots than clang -O2.
 */
@KernelTest
class EmittedProgramsTest {
    private static Path dir;

    @BeforeAll
    static void emitAll() throws IOException {
        dir = Files.createTempDirectory("bpf4j-emit");
        for (ReferencePrograms.Program p : ReferencePrograms.all()) {
            Files.write(dir.resolve(p.name() + ".bpf.o"), Pipeline.compile(p.module().get()));
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static LoadedObject load(String name) throws IOException {
        return BpfObjectFile.open(Files.readAllBytes(dir.resolve(name + ".bpf.o")), name).load();
    }

    @Test
    void bpftoolLoadsEveryProgramAndTheVerifierQuotesJavaLines() throws Exception {
        for (ReferencePrograms.Program p : ReferencePrograms.all()) {
            Path pin = Path.of("/sys/fs/bpf/bpf4j_it_emit_" + ProcessHandle.current().pid() + "_" + p.name());
            try {
                ExternalProcess.run(Duration.ofSeconds(30), "bpftool", "prog", "loadall", dir.resolve(p.name() + ".bpf.o").toString(), pin.toString()).orFail();
                if (p.name().equals("xdp_blocklist")) {
                    String xlated = ExternalProcess.run(Duration.ofSeconds(30), "bpftool", "prog", "dump", "xlated", "pinned", pin.resolve(p.name()).toString(), "linum").orFail().output();
                    assertTrue(xlated.contains("Long hits = blocked.get(ip.saddr);")
                            && xlated.contains("file:XdpBlocklist.java line_num:16"), xlated);
                }
            } finally {
                ExternalProcess.run(Duration.ofSeconds(10), "rm", "-rf", pin.toString()).orFail();
            }
        }
    }

    private static byte[] udp(String src, int dport) {
        return new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4(src, "10.0.0.9").udp(1234, dport)
                .payload("hello".getBytes(StandardCharsets.US_ASCII)).build();
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static long sumPerCpu(KernelMap m, int key) {
        byte[] v = m.lookup(u32(key));
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        long sum = 0;
        for (int off = 0; off + 8 <= v.length; off += m.perCpuStride()) sum += b.getLong(off);
        return sum;
    }

    @Test
    void blocklistDropsListedSourcesAndCounts() throws Exception {
        try (LoadedObject o = load("xdp_blocklist")) {
            KernelMap blocked = o.map("blocked");
            blocked.update(new byte[] {10, 0, 0, 1}, new byte[8]);
            assertEquals(ReferencePrograms.XDP_DROP, o.program("xdp_blocklist").testRun(udp("10.0.0.1", 53)).retval());
            assertEquals(ReferencePrograms.XDP_PASS, o.program("xdp_blocklist").testRun(udp("10.0.0.2", 53)).retval());
            assertEquals(ReferencePrograms.XDP_PASS, o.program("xdp_blocklist").testRun(Arrays.copyOf(udp("10.0.0.1", 53), 20)).retval());
            assertEquals(1L, ByteBuffer.wrap(blocked.lookup(new byte[] {10, 0, 0, 1})).order(ByteOrder.LITTLE_ENDIAN).getLong());
        }
    }

    @Test
    void protoCountCountsIpv4AndIpv6() throws Exception {
        try (LoadedObject o = load("xdp_proto_count")) {
            byte[] v6 = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv6("fe80::1", "fe80::2").tcp(1, 2, 0).build();
            assertEquals(ReferencePrograms.XDP_PASS, o.program("xdp_proto_count").testRun(udp("10.0.0.1", 53)).retval());
            assertEquals(ReferencePrograms.XDP_PASS, o.program("xdp_proto_count").testRun(v6).retval());
            assertEquals(1, sumPerCpu(o.map("proto_count"), 17));
            assertEquals(1, sumPerCpu(o.map("proto_count"), 6));
        }
    }

    @Test
    void udpEchoReflectsPort7() throws Exception {
        try (LoadedObject o = load("xdp_udp_echo")) {
            byte[] in = udp("10.0.0.1", 7);
            var r = o.program("xdp_udp_echo").testRun(in);
            assertEquals(ReferencePrograms.XDP_TX, r.retval());
            byte[] out = r.data();
            assertArrayEquals(Arrays.copyOfRange(in, 6, 12), Arrays.copyOfRange(out, 0, 6), "destination MAC");
            assertArrayEquals(Arrays.copyOfRange(in, 26, 30), Arrays.copyOfRange(out, 30, 34), "destination IP");
            assertArrayEquals(Arrays.copyOfRange(in, 34, 36), Arrays.copyOfRange(out, 36, 38), "destination port");
            assertArrayEquals(new byte[2], Arrays.copyOfRange(out, 40, 42), "UDP checksum cleared");
            assertEquals(ReferencePrograms.XDP_PASS, o.program("xdp_udp_echo").testRun(udp("10.0.0.1", 8)).retval());
        }
    }

    @Test
    void checksumLoopSeparatesGoodFromBadHeaders() throws Exception {
        try (LoadedObject o = load("xdp_ipv4_csum")) {
            byte[] good = udp("10.0.0.1", 53);
            byte[] bad = good.clone();
            bad[14 + 10] ^= 0x5a;
            assertEquals(ReferencePrograms.XDP_PASS, o.program("xdp_ipv4_csum").testRun(good).retval());
            assertEquals(ReferencePrograms.XDP_DROP, o.program("xdp_ipv4_csum").testRun(bad).retval());
            assertEquals(1L, ByteBuffer.wrap(o.map("csum_stats").lookup(u32(0))).order(ByteOrder.LITTLE_ENDIAN).getLong());
            assertEquals(1L, ByteBuffer.wrap(o.map("csum_stats").lookup(u32(1))).order(ByteOrder.LITTLE_ENDIAN).getLong());
        }
    }

    @Test
    void portFilterShootsDeniedTcpPorts() throws Exception {
        try (LoadedObject o = load("tc_port_filter")) {
            o.map("denied_ports").update(u32(22), new byte[] {1});
            byte[] ssh = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 22, PacketBuilder.TCP_SYN).build();
            byte[] web = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80, PacketBuilder.TCP_SYN).build();
            assertEquals(ReferencePrograms.TC_ACT_SHOT, o.program("tc_port_filter").testRun(ssh).retval());
            assertEquals(ReferencePrograms.TC_ACT_OK, o.program("tc_port_filter").testRun(web).retval());
        }
    }

    /** The benchmark: slots per program against clang -O2 (the system clang, cpu v3), and the same behaviour on its test packets. */
    @Test
    void noProgramTakesMoreSlotsThanClang() throws Exception {
        Compare.Report report = Compare.run(Compare.Options.defaults().withClang(Path.of("clang")).withCpu("v3")
                .withSources(List.of(Compare.sourceRoot().resolve("reference"))).withOurs(List.of(dir)).withTiming(2_000, 3));
        report.print(System.out);
        assertEquals(8, report.rows().size(), report.summary());
        for (Compare.Row row : report.rows()) {
            assertTrue(row.ours() != null, "no emitted program loads for " + row.program() + ": " + row.problem());
            assertTrue(row.ours().slots() <= row.clang().slots(), "more slots than clang: " + row.program());
            assertTrue(row.same(), "behaviour differs: " + row.program());
        }
    }
}
