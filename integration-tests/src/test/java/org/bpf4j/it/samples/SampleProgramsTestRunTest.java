package org.bpf4j.it.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.Ipv4;
import org.bpf4j.lang.TcAction;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.bpf4j.samples.firewall.Firewall;
import org.bpf4j.samples.firewall.FirewallSkeleton;
import org.bpf4j.samples.tcfilter.TcFilterSkeleton;
import org.bpf4j.samples.xdpcounter.XdpCounter;
import org.bpf4j.samples.xdpcounter.XdpCounterSkeleton;
import org.junit.jupiter.api.Test;

/**
 * The packet samples' programs on edge-case packets through {@code BPF_PROG_TEST_RUN}: return
 * codes and map contents for what live traffic rarely shows (IP options, truncated headers,
 * IPv6, other protocols).
 */
@KernelTest
class SampleProgramsTestRunTest {
    private static final String MAC_A = "02:00:00:00:00:01", MAC_B = "02:00:00:00:00:02";
    private static final int DENIED = 8080;

    private static PacketBuilder ipv4(String src) {
        return new PacketBuilder().ethernet(MAC_A, MAC_B).ipv4(src, "10.0.0.9");
    }

    @Test
    void tcFilterDropsOnlyTcpToADeniedPort() {
        try (TcFilterSkeleton tc = TcFilterSkeleton.load()) {
            tc.deniedPorts().put(DENIED, (byte) 1);
            byte[] denied = ipv4("10.0.0.1").tcp(40000, DENIED, PacketBuilder.TCP_SYN).build();
            byte[] withOptions = new PacketBuilder().ethernet(MAC_A, MAC_B)
                    .ipv4("10.0.0.1", "10.0.0.9", 64, new byte[] {1, 1, 1, 1, 1, 1, 1, 0})
                    .tcp(40000, DENIED, PacketBuilder.TCP_SYN).build();
            assertEquals(TcAction.SHOT, tc.filter().testRun(denied).retval());
            assertEquals(TcAction.SHOT, tc.filter().testRun(withOptions).retval(), "TCP found after IP options");
            assertEquals(TcAction.OK, tc.filter().testRun(ipv4("10.0.0.1").tcp(40000, 8081, 0).build()).retval());
            assertEquals(TcAction.OK, tc.filter().testRun(ipv4("10.0.0.1").udp(40000, DENIED).build()).retval());
            assertEquals(TcAction.OK, tc.filter().testRun(Arrays.copyOf(denied, 14 + 20 + 10)).retval(),
                    "a truncated TCP header passes");
            byte[] v6 = new PacketBuilder().ethernet(MAC_A, MAC_B).ipv6("fe80::1", "fe80::2")
                    .tcp(40000, DENIED, PacketBuilder.TCP_SYN).build();
            assertEquals(TcAction.OK, tc.filter().testRun(v6).retval(), "the filter is IPv4 only");
            assertEquals(2L, tc.drops().get(DENIED));
            assertEquals(0L, tc.drops().get(8081));
        }
    }

    @Test
    void xdpCounterCountsEachFrameInItsProtocolSlot() {
        try (XdpCounterSkeleton counter = XdpCounterSkeleton.load()) {
            List<byte[]> frames = List.of(
                    ipv4("10.0.0.1").udp(1, 2).build(),
                    ipv4("10.0.0.1").udp(1, 2).build(),
                    ipv4("10.0.0.1").tcp(1, 2, 0).build(),
                    ipv4("10.0.0.1").icmp(8, 0, 0).build(),
                    new PacketBuilder().ethernet(MAC_A, MAC_B).ipv6("fe80::1", "fe80::2").udp(1, 2).build(),
                    Arrays.copyOf(ipv4("10.0.0.1").udp(1, 2).build(), 14 + 19));
            for (byte[] frame : frames) {
                assertEquals(XdpAction.PASS, counter.countFrames().testRun(frame).retval());
            }
            assertEquals(3, counter.protocols().sum(17), "two IPv4 and one IPv6 datagram");
            assertEquals(1, counter.protocols().sum(6));
            assertEquals(1, counter.protocols().sum(1));
            assertEquals(1, counter.protocols().sum(XdpCounter.NON_IP), "a truncated IPv4 header counts as non-IP");
        }
    }

    @Test
    void firewallDropsTheBlockedSourceAndReportsIt() {
        List<Firewall.DropEvent> events = new ArrayList<>();
        try (FirewallSkeleton fw = FirewallSkeleton.load();
                RecordReader reader = fw.drops().reader(events::add)) {
            fw.blocked().put(Ipv4.parse("192.168.1.100"), 0L);
            assertEquals(XdpAction.DROP, fw.filter().testRun(ipv4("192.168.1.100").tcp(1, 2, 0).build()).retval());
            assertEquals(XdpAction.DROP, fw.filter().testRun(ipv4("192.168.1.100").udp(1, 2).build()).retval());
            assertEquals(XdpAction.PASS, fw.filter().testRun(ipv4("192.168.1.101").udp(1, 2).build()).retval());
            reader.poll(Duration.ofSeconds(1));
            assertEquals(2L, fw.blocked().get(Ipv4.parse("192.168.1.100")));
            assertEquals(2, events.size());
            assertEquals(List.of(6, 17), events.stream().map(e -> (int) e.protocol).toList());
            assertEquals("10.0.0.9", Ipv4.format(events.get(0).daddr));
        }
    }
}
