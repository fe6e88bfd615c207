package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.bpf4j.it.lang.FlowStats.Stats;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.JvmPrograms;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The atomics example of docs/LANGUAGE.md runs in the kernel as on the JVM: same verdicts, same statistics. */
@KernelTest
class FlowStatsKernelTest {
    private static FlowStatsSkeleton skeleton;

    @BeforeAll
    static void load() {
        skeleton = FlowStatsSkeleton.load();
        JvmPrograms.initMaps(FlowStats.class);
    }

    @AfterAll
    static void close() {
        if (skeleton != null) {
            skeleton.close();
        }
    }

    @Test
    void statisticsAgreeWithTheJvm() {
        Random random = new Random(5);
        int passed = 0;
        for (int round = 0; round < 200; round++) {
            byte[] packet = new byte[14 + random.nextInt(300)];
            random.nextBytes(packet);
            packet[0] = (byte) random.nextInt(4);
            int jvm = FlowStats.count(XdpContext.of(packet));
            assertEquals(jvm, skeleton.object().program("count").testRun(packet).retval(), "packet " + round);
            passed += jvm == XdpAction.PASS ? 1 : 0;
        }
        assertEquals(4, passed, "the first packet of each of the four keys passes");
        for (int key = 0; key < 4; key++) {
            Stats expected = FlowStats.stats.get(key);
            Stats actual = skeleton.stats().get(key);
            assertTrue(expected.packets > 0);
            assertEquals(expected.packets, actual.packets, "packets of " + key);
            assertEquals(expected.bytes, actual.bytes, "bytes of " + key);
            assertEquals(expected.firstLength, actual.firstLength, "firstLength of " + key);
            assertEquals(expected.flags, actual.flags, "flags of " + key);
            assertArrayEquals(expected.bySize, actual.bySize, "bySize of " + key);
        }
    }
}
