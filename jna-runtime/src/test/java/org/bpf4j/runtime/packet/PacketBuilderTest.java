package org.bpf4j.runtime.packet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketBuilderTest {
    @Test
    void ipv4UdpHeaderMatchesAHandBuiltOneAndChecksumsVerify() {
        byte[] p = new PacketBuilder().ethernet("00:00:00:00:00:01", "00:00:00:00:00:02")
                .ipv4("10.0.0.1", "10.0.0.2").udp(12345, 7).payload(new byte[18]).build();
        assertEquals(60, p.length);
        // Same header as benchmarks/src/main/c/bpfmeasure.c builds for its "udp_echo" packet.
        byte[] expectedIp = {0x45, 0, 0, 46, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
        int c = Checksum.of(expectedIp, 0, 20);
        expectedIp[10] = (byte) (c >> 8);
        expectedIp[11] = (byte) c;
        assertArrayEquals(expectedIp, Arrays.copyOfRange(p, 14, 34));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 8, 0}, Arrays.copyOfRange(p, 0, 14));
        assertEquals(0, Checksum.of(p, 14, 20), "IPv4 header checksum verifies");
        assertEquals(0, pseudoHeaderSum(p, 26, 17, 34, 26), "UDP checksum verifies");
    }

    @Test
    void tcpOverVlanAndIcmpChecksumsVerify() {
        byte[] p = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").vlan(100)
                .ipv4("192.168.1.100", "10.0.0.2").tcp(1000, 80, PacketBuilder.TCP_SYN).payload(new byte[] {1, 2, 3}).build();
        assertEquals(0x81, p[12] & 0xff);
        assertEquals(100, p[15]);
        assertEquals(0x0800, (p[16] & 0xff) << 8 | (p[17] & 0xff));
        assertEquals(0, pseudoHeaderSum(p, 30, 6, 38, 23));
        byte[] icmp = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                .ipv4("10.0.0.1", "10.0.0.2").icmp(8, 0, 0x00010001).payload(new byte[5]).build();
        assertEquals(1, icmp[23]);
        assertEquals(0, Checksum.of(icmp, 34, 13));
    }

    @Test
    void ipv6UdpChecksumVerifies() {
        byte[] p = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                .ipv6("fe80::1", "fe80::2").udp(53, 53).payload(new byte[4]).build();
        assertEquals(14 + 40 + 12, p.length);
        long sum = Checksum.add(0, p, 22, 32) + 17 + 12;
        assertEquals(0, Checksum.finish(Checksum.add(sum, p, 54, 12)));
    }

    @Test
    void badInputIsNamed() {
        assertThrows(IllegalArgumentException.class, () -> new PacketBuilder().ipv4("10.0.0", "10.0.0.2"));
        assertThrows(IllegalArgumentException.class, () -> new PacketBuilder().ethernet("zz", "02:00:00:00:00:02"));
        assertThrows(IllegalArgumentException.class, () -> new PacketBuilder().udp(70000, 1));
        assertThrows(IllegalArgumentException.class, () -> new PacketBuilder().vlan(5000));
    }

    /** Sum over IPv4 pseudo-header + L4 segment; 0 when the checksum inside is right. */
    private static int pseudoHeaderSum(byte[] p, int ipAddrOff, int proto, int l4Off, int l4Len) {
        long sum = Checksum.add(0, p, ipAddrOff, 8) + proto + l4Len;
        return Checksum.finish(Checksum.add(sum, p, l4Off, l4Len));
    }
}
