package org.bpf4j.guide.packets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.runtime.TestRunResult;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

@KernelTest
class ReflectorKernelTest {
    @Test
    void swapsTheAddressesAndCountsTheBytes() {
        try (ReflectorSkeleton reflector = ReflectorSkeleton.load()) {
            byte[] in = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                    .ipv4("10.0.0.1", "10.0.0.2").udp(1000, 2000).build();
            byte[] expected = new PacketBuilder().ethernet("02:00:00:00:00:02", "02:00:00:00:00:01")
                    .ipv4("10.0.0.1", "10.0.0.2").udp(1000, 2000).build();

            TestRunResult out = reflector.reflect().testRun().data(in).repeat(3).run();

            assertEquals(XdpAction.TX, out.retval());
            assertArrayEquals(expected, out.data());        // the packet as the program left it
            assertEquals(3L * in.length, reflector.reflected().get(0));   // repeat(3): three runs
        }
    }
}
