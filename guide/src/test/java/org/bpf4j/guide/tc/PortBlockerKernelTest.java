package org.bpf4j.guide.tc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.TcAction;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

@KernelTest
class PortBlockerKernelTest {
    @Test
    void dropsOnlyTheConfiguredPort() {
        try (PortBlockerSkeleton blocker = PortBlockerSkeleton.open().blockedPort(5353).load()) {
            assertEquals(TcAction.SHOT, blocker.filter().testRun(udpTo(5353)).retval());
            assertEquals(TcAction.OK, blocker.filter().testRun(udpTo(53)).retval());
        }
    }

    private static byte[] udpTo(int port) {
        return new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                .ipv4("10.0.0.1", "10.0.0.2").udp(40000, port).build();
    }
}
