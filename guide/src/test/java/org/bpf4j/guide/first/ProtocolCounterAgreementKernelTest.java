package org.bpf4j.guide.first;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.programs.Agreement;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

/** The JVM and the kernel run the same packets and must end with the same verdicts, packets and maps. */
@KernelTest
class ProtocolCounterAgreementKernelTest {
    @Test
    void protocolCounterAgreesPacketByPacket() {
        try (Agreement both = Agreement.load(ProtocolCounter.class)) {
            both.run("count", new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                    .ipv4("10.0.0.1", "10.0.0.2").udp(1, 53).build());
            both.run("count", new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                    .ipv4("10.0.0.1", "10.0.0.2").tcp(1, 80, PacketBuilder.TCP_SYN).build());
            assertEquals(XdpAction.PASS, both.run("count", new byte[20]));
        }
    }

    @Test
    void aMapThatDiffersFailsNamingTheMap() {
        try (Agreement both = Agreement.load(ProtocolCounter.class)) {
            ProtocolCounter.packets.put(99, 1L);            // the JVM's map only
            AssertionError e = assertThrows(AssertionError.class, () -> both.run("count", new byte[20]));
            assertTrue(e.getMessage().contains("map packets"), e.getMessage());
        }
    }
}
