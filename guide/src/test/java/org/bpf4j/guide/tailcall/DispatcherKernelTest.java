package org.bpf4j.guide.tailcall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.runtime.map.ProgArrays;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

@KernelTest
class DispatcherKernelTest {
    private static final byte[] IPV4 = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
            .ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build();
    private static final byte[] IPV6 = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
            .ipv6("fd00::1", "fd00::2").udp(1, 2).build();

    @Test
    void jumpsToTheProgramInTheSlot() {
        try (DispatcherSkeleton d = DispatcherSkeleton.load()) {
            assertEquals(XdpAction.PASS, d.dispatch().testRun(IPV4).retval(), "empty slot: the caller goes on");

            ProgArrays.set(d.handlers(), Dispatcher.IPV4, d.dropIpv4());
            ProgArrays.set(d.handlers(), Dispatcher.IPV6, d.passIpv6());
            assertEquals(XdpAction.DROP, d.dispatch().testRun(IPV4).retval());
            assertEquals(XdpAction.PASS, d.dispatch().testRun(IPV6).retval());
            assertEquals(1L, d.handled().get(Dispatcher.IPV4));
            assertEquals(1L, d.handled().get(Dispatcher.IPV6));

            d.handlers().clear(Dispatcher.IPV4);
            assertEquals(XdpAction.PASS, d.dispatch().testRun(IPV4).retval());
        }
    }
}
