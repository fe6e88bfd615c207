package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.XdpContext;
import org.junit.jupiter.api.Test;

/** {@link StructMembers} in the kernel agrees with the JVM, where {@code new Frame()} allocated every member. */
@KernelTest
class StructMembersKernelTest {
    @Test
    void freshStructAgreesWithJvm() {
        Random random = new Random(3);
        try (StructMembersSkeleton skeleton = StructMembersSkeleton.load()) {
            for (int i = 0; i < 100; i++) {
                byte[] packet = new byte[64];
                random.nextBytes(packet);
                int jvm = StructMembers.frames(XdpContext.of(packet.clone()));
                assertEquals(jvm, skeleton.frames().testRun(packet).retval(), "run " + i);
            }
        }
    }
}
