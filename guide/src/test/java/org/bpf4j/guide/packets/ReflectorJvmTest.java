package org.bpf4j.guide.packets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpf4j.junit.programs.ProgramsOnJvm;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

@ProgramsOnJvm(Reflector.class)
class ReflectorJvmTest {
    @Test
    void swapsTheAddresses() {
        XdpContext ctx = XdpContext.of(new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                .ipv4("10.0.0.1", "10.0.0.2").udp(1000, 2000).build());

        assertEquals(XdpAction.TX, Reflector.reflect(ctx));
        assertArrayEquals(new PacketBuilder().ethernet("02:00:00:00:00:02", "02:00:00:00:00:01")
                .ipv4("10.0.0.1", "10.0.0.2").udp(1000, 2000).build(), ctx.packet());
        assertEquals((long) ctx.length(), Reflector.reflected.get(0));
    }
}
