package org.bpf4j.guide.tc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpf4j.junit.programs.ProgramsOnJvm;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.TcAction;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

@ProgramsOnJvm(PortBlocker.class)
class PortBlockerJvmTest {
    @Test
    void dropsTheDefaultPort() {
        assertEquals(TcAction.SHOT, PortBlocker.filter(SkBuffContext.of(udpTo(53))));
        assertEquals(TcAction.OK, PortBlocker.filter(SkBuffContext.of(udpTo(5353))));
    }

    @Test
    void dropsAConfiguredPort() {
        PortBlocker.blockedPort = 5353;                     // on the JVM a config is a field; reset after the test

        assertEquals(TcAction.SHOT, PortBlocker.filter(SkBuffContext.of(udpTo(5353))));
        assertEquals(TcAction.OK, PortBlocker.filter(SkBuffContext.of(udpTo(53))));
    }

    private static byte[] udpTo(int port) {
        return new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                .ipv4("10.0.0.1", "10.0.0.2").udp(40000, port).build();
    }
}
