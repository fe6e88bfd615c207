package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.XdpContext;
import org.junit.jupiter.api.Test;

/** {@link PacketChanges} in the kernel agrees with the JVM: the verifier accepts headers read again after the change. */
@KernelTest
class PacketChangesKernelTest {
    @Test
    void rereadHeadersAgreeWithJvm() {
        Random random = new Random(9);
        Set<Integer> tc = new HashSet<>();
        Set<Integer> xdp = new HashSet<>();
        try (PacketChangesSkeleton skeleton = PacketChangesSkeleton.load()) {
            for (int i = 0; i < 50; i++) {
                byte[] packet = new byte[40 + random.nextInt(40)];
                random.nextBytes(packet);
                packet[12] = 0x08;
                packet[13] = 0;
                int tcResult = skeleton.storeThenReread().testRun(packet).retval();
                assertEquals(PacketChanges.storeThenReread(SkBuffContext.of(packet.clone())), tcResult, "tc run " + i);
                int xdpResult = skeleton.adjustThenReread().testRun(packet).retval();
                assertEquals(PacketChanges.adjustThenReread(XdpContext.of(packet.clone())), xdpResult, "xdp run " + i);
                tc.add(tcResult);
                xdp.add(xdpResult);
            }
        }
        assertTrue(tc.size() > 10 && xdp.size() > 10, "results depend on the packets: " + tc + " " + xdp);
    }
}
