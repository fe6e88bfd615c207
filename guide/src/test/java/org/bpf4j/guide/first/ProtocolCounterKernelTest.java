package org.bpf4j.guide.first;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

@KernelTest
class ProtocolCounterKernelTest {
    @Test
    void countsPacketsPerProtocolAndBytesOverAllCpus() {
        try (ProtocolCounterSkeleton counter = ProtocolCounterSkeleton.load()) {
            byte[] udp = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                    .ipv4("10.0.0.1", "10.0.0.2").udp(5000, 53).payload(new byte[10]).build();
            byte[] tcp = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                    .ipv4("10.0.0.1", "10.0.0.2").tcp(5000, 80, PacketBuilder.TCP_SYN).build();
            counter.count().testRun(udp);                   // BPF_PROG_TEST_RUN: the kernel runs it once
            counter.count().testRun(udp);
            counter.count().testRun(tcp);

            assertEquals(2L, counter.packets().get(17));    // the same map type as in the program
            assertEquals(1L, counter.packets().get(6));
            assertEquals(2L * udp.length + tcp.length, counter.bytes().sum(0));   // every CPU's copy added
        }
    }
}
