package org.bpf4j.guide.packets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.programs.Agreement;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

@KernelTest
class ReflectorAgreementKernelTest {
    @Test
    void reflectorAgreesOnThePacketItRewrites() {
        try (Agreement both = Agreement.load(Reflector.class)) {
            assertEquals(XdpAction.TX, both.run("reflect", new PacketBuilder().ethernet("02:00:00:00:00:01",
                    "02:00:00:00:00:02").ipv6("fd00::1", "fd00::2").udp(1, 2).build()));
        }
    }
}
