package org.bpf4j.guide.tc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.programs.Agreement;
import org.bpf4j.lang.TcAction;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

@KernelTest
class PortBlockerAgreementKernelTest {
    @Test
    void portBlockerAgrees() {
        try (Agreement both = Agreement.load(PortBlocker.class)) {
            assertEquals(TcAction.SHOT, both.run("filter", new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                    .ipv4("10.0.0.1", "10.0.0.2").udp(1, 53).build()));
        }
    }

    @Test
    void aVerdictThatDiffersFails() {
        try (Agreement both = Agreement.load(PortBlocker.class)) {
            PortBlocker.blockedPort = 5353;                 // the kernel's copy was loaded with 53
            AssertionError e = assertThrows(AssertionError.class, () -> both.run("filter", new PacketBuilder()
                    .ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4("10.0.0.1", "10.0.0.2").udp(1, 53).build()));
            assertTrue(e.getMessage().contains("return value"), e.getMessage());
        } finally {
            PortBlocker.blockedPort = 53;
        }
    }
}
