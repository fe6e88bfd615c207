package org.bpf4j.junit.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.bpf4j.runtime.probe.FeatureProbes;
import org.junit.jupiter.api.Test;

/**
 * Agreement gives socket filters and cgroup skb programs the packet from its network header, as
 * the kernel does: the programs read their IPv4 header at offset 0, so a JVM run from the
 * Ethernet header would disagree on the return values and the map.
 */
@KernelTest
class NetworkHeaderAgreementKernelTest {
    @Test
    void aSocketFilterAgreesFrameByFrame() {
        Set<Integer> verdicts = new HashSet<>();
        try (Agreement both = Agreement.load(NetworkHeaderPrograms.class)) {
            assertEquals(8, both.run("keep", frame(PacketBuilder::udp)));
            byte[] tcp = frame((b, s, d) -> b.tcp(s, d, PacketBuilder.TCP_SYN));
            assertEquals(tcp.length - 14, both.run("keep", tcp));
            Random random = new Random(14);
            for (int i = 0; i < 40; i++) {
                verdicts.add(both.run("keep", randomFrame(random, i)));
            }
        }
        assertTrue(verdicts.size() > 5, "verdicts depend on the frames: " + verdicts);
        assertTrue(NetworkHeaderPrograms.frames.size() > 10, "the map counts by header: " + NetworkHeaderPrograms.frames.size());
    }

    @Test
    void aCgroupSkbProgramAgreesFrameByFrame() {
        Prerequisites.requireKernelSupport("a cgroup skb program's packet in BPF_PROG_TEST_RUN (older kernels leave it unset)",
                FeatureProbes.cgroupSkbTestRunSeesThePacket());
        Set<Integer> verdicts = new HashSet<>();
        try (Agreement both = Agreement.load(NetworkHeaderPrograms.class)) {
            Random random = new Random(15);
            for (int i = 0; i < 40; i++) {
                byte[] frame = randomFrame(random, i);
                frame[22] = (byte) (i % 3 == 0 ? 1 : frame[22]);    // TTL
                verdicts.add(both.run("ingress", frame));
            }
        }
        assertEquals(Set.of(0, 1), verdicts);
        assertTrue(NetworkHeaderPrograms.frames.size() > 10, "the map counts by header: " + NetworkHeaderPrograms.frames.size());
    }

    private interface Transport {
        PacketBuilder add(PacketBuilder b, int sport, int dport);
    }

    private static byte[] frame(Transport transport) {
        return transport.add(new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                .ipv4("10.0.0.1", "10.0.0.2"), 1, 53).build();
    }

    /** An IPv4 frame of random bytes (every other one UDP); the kernel refuses to test-run IPv4 frames shorter than 34 bytes. */
    private static byte[] randomFrame(Random random, int i) {
        byte[] frame = new byte[34 + random.nextInt(40)];
        random.nextBytes(frame);
        frame[12] = 0x08;
        frame[13] = 0;
        if (i % 2 == 0) {
            frame[23] = 17;
        }
        return frame;
    }
}
