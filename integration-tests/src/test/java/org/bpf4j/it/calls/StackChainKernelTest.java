package org.bpf4j.it.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.XdpContext;
import org.junit.jupiter.api.Test;

/** A call chain of 224 + 256 stack bytes passes the verifier and computes what the JVM computes. */
@KernelTest
class StackChainKernelTest {
    @Test
    void aChainNearTheStackLimitLoadsAndRuns() {
        try (StackChainSkeleton skeleton = StackChainSkeleton.load()) {
            for (int length = 14; length < 1500; length += 97) {
                byte[] packet = new byte[length];
                assertEquals(StackChain.chain(XdpContext.of(packet)), skeleton.object().program("chain").testRun(packet).retval(),
                        "packet of " + length + " bytes");
            }
        }
    }
}
