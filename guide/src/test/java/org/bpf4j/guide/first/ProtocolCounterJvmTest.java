package org.bpf4j.guide.first;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.bpf4j.junit.programs.ProgramsOnJvm;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

/** The program's method called as plain Java: no root, no kernel, fresh maps in each test. */
@ProgramsOnJvm(ProtocolCounter.class)
class ProtocolCounterJvmTest {
    private static final byte[] UDP = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
            .ipv4("10.0.0.1", "10.0.0.2").udp(5000, 53).build();

    @Test
    void countsUdp() {
        assertEquals(XdpAction.PASS, ProtocolCounter.count(XdpContext.of(UDP)));
        assertEquals(XdpAction.PASS, ProtocolCounter.count(XdpContext.of(UDP)));

        assertEquals(2L, ProtocolCounter.packets.get(17));
        assertEquals(2L * UDP.length, ProtocolCounter.bytes.sum(0));
    }

    @Test
    void ignoresFramesTooShortForEthernet() {
        ProtocolCounter.count(XdpContext.of(new byte[10]));

        assertNull(ProtocolCounter.packets.get(17), "the maps are new in each test");
        assertEquals(10L, ProtocolCounter.bytes.sum(0));
    }
}
