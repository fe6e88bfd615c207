package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.runtime.TestRunResult;
import org.bpf4j.runtime.probe.FeatureProbes;
import org.junit.jupiter.api.Test;

/**
 * {@link SkBuffContext#atNetworkHeader} is the context the kernel gives socket filters and cgroup
 * skb programs for an Ethernet frame: {@link NetworkHeaderContexts} agrees with the JVM on it.
 */
@KernelTest
class NetworkHeaderContextsKernelTest {
    @Test
    void aSocketFilterStartsAtTheNetworkHeader() {
        Random random = new Random(6);
        Set<Integer> filtered = new HashSet<>();
        try (NetworkHeaderContextsSkeleton skeleton = NetworkHeaderContextsSkeleton.load()) {
            for (int i = 0; i < 60; i++) {
                byte[] frame = frame(random, i);
                TestRunResult filter = skeleton.filter().testRun(frame);
                assertEquals(NetworkHeaderContexts.filter(SkBuffContext.atNetworkHeader(frame)), filter.retval(), "filter " + i);
                filtered.add(filter.retval());
            }
        }
        assertTrue(filtered.size() > 10, "results depend on the frames: " + filtered);
    }

    @Test
    void aCgroupSkbProgramStartsAtTheNetworkHeader() {
        Prerequisites.requireKernelSupport("a cgroup skb program's packet in BPF_PROG_TEST_RUN (older kernels leave it unset)",
                FeatureProbes.cgroupSkbTestRunSeesThePacket());
        Random random = new Random(6);
        Set<Integer> ingress = new HashSet<>();
        try (NetworkHeaderContextsSkeleton skeleton = NetworkHeaderContextsSkeleton.load()) {
            for (int i = 0; i < 60; i++) {
                byte[] frame = frame(random, i);
                int verdict = skeleton.ingress().testRun(frame).retval();
                assertEquals(NetworkHeaderContexts.ingress(SkBuffContext.atNetworkHeader(frame)), verdict, "ingress " + i);
                ingress.add(verdict);
            }
        }
        assertEquals(Set.of(0, 1), ingress, "results depend on the frames");
    }

    /** An IPv4 frame of random bytes and length; every third has TTL 64. */
    private static byte[] frame(Random random, int i) {
        byte[] frame = new byte[34 + random.nextInt(40)];
        random.nextBytes(frame);
        frame[12] = 0x08;
        frame[13] = 0;
        frame[14] = 0x45;
        frame[22] = (byte) (i % 3 == 0 ? 64 : frame[22]);
        return frame;
    }
}
