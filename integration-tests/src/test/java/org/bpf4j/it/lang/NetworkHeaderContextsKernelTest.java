package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.bpf4j.junit.KernelTest;
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
    void socketFilterAndCgroupSkbStartAtTheNetworkHeader() {
        Random random = new Random(6);
        Set<Integer> filtered = new HashSet<>();
        Set<Integer> ingress = new HashSet<>();
        try (NetworkHeaderContextsSkeleton skeleton = NetworkHeaderContextsSkeleton.load()) {
            for (int i = 0; i < 60; i++) {
                byte[] frame = new byte[34 + random.nextInt(40)];
                random.nextBytes(frame);
                frame[12] = 0x08;
                frame[13] = 0;
                frame[14] = 0x45;
                frame[22] = (byte) (i % 3 == 0 ? 64 : frame[22]);
                TestRunResult filter = skeleton.filter().testRun(frame);
                assertEquals(NetworkHeaderContexts.filter(SkBuffContext.atNetworkHeader(frame)), filter.retval(), "filter " + i);
                filtered.add(filter.retval());
                if (FeatureProbes.cgroupSkbTestRunSeesThePacket()) {
                    int verdict = skeleton.ingress().testRun(frame).retval();
                    assertEquals(NetworkHeaderContexts.ingress(SkBuffContext.atNetworkHeader(frame)), verdict, "ingress " + i);
                    ingress.add(verdict);
                }
            }
        }
        assertTrue(filtered.size() > 10, "results depend on the frames: " + filtered);
        assertTrue(!FeatureProbes.cgroupSkbTestRunSeesThePacket() || ingress.size() == 2, "results depend on the frames: " + ingress);
    }
}
