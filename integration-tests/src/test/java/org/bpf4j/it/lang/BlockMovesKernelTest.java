package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bpf4j.it.lang.BlockMoves.Blob;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.JvmPrograms;
import org.bpf4j.lang.XdpContext;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.runtime.TestRunResult;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockMoves} run by the kernel on random packets and by the JVM on the same packets,
 * from the same map value: the return value, the map value, the ring-buffer record and the
 * packet the program leaves must agree.
 */
@KernelTest
class BlockMovesKernelTest {
    private final Random random = new Random(14);

    @Test
    void copiesAndFillsBetweenPacketStackMapValueAndRecordAgreeWithTheJvm() throws Exception {
        JvmPrograms.initMaps(BlockMoves.class);
        List<Blob> kernelRecords = new ArrayList<>();
        List<Blob> jvmRecords = new ArrayList<>();
        try (BlockMovesSkeleton skeleton = BlockMovesSkeleton.load();
                RecordReader reader = skeleton.records().reader(kernelRecords::add);
                RecordReader jvmReader = BlockMoves.records.reader(jvmRecords::add)) {
            for (int run = 0; run < 50; run++) {
                Blob start = blob();
                skeleton.blobs().put(0, start);
                BlockMoves.blobs.put(0, copy(start));
                byte[] packet = new byte[64 + random.nextInt(40)];
                random.nextBytes(packet);
                XdpContext ctx = XdpContext.of(packet);
                int expected = jvm(ctx, "copies");
                TestRunResult actual = skeleton.object().program("copies").testRun(packet);
                String what = "run " + run;
                assertEquals(expected, actual.retval(), what + ": return value");
                assertArrayEquals(ctx.packet(), actual.data(), what + ": packet");
                assertBlobEquals(BlockMoves.blobs.get(0), skeleton.blobs().get(0), what + ": map value");
                reader.drain();
                jvmReader.drain();
                assertEquals(run + 1, kernelRecords.size(), what + ": one record");
                assertBlobEquals(jvmRecords.get(run), kernelRecords.get(run), what + ": record");
            }
        }
    }

    @Test
    void copiesAndFillsTooLongToUnrollAgreeWithTheJvm() throws Exception {
        JvmPrograms.initMaps(BlockMoves.class);
        try (BlockMovesSkeleton skeleton = BlockMovesSkeleton.load()) {
            for (int run = 0; run < 10; run++) {
                BlockMoves.Big start = new BlockMoves.Big();
                random.nextBytes(start.b);
                skeleton.bigs().put(0, start);
                BlockMoves.Big jvmStart = new BlockMoves.Big();
                jvmStart.b = start.b.clone();
                BlockMoves.bigs.put(0, jvmStart);
                byte[] packet = new byte[64 + random.nextInt(40)];
                random.nextBytes(packet);
                XdpContext ctx = XdpContext.of(packet);
                int expected = jvm(ctx, "large");
                TestRunResult actual = skeleton.object().program("large").testRun(packet);
                assertEquals(expected, actual.retval(), "run " + run + ": return value");
                assertArrayEquals(ctx.packet(), actual.data(), "run " + run + ": packet");
                assertArrayEquals(BlockMoves.bigs.get(0).b, skeleton.bigs().get(0).b, "run " + run + ": map value");
            }
        }
    }

    /** A map value with random contents everywhere, so that a move to a wrong place shows. */
    private Blob blob() {
        Blob b = new Blob();
        b.head = random.nextInt();
        random.nextBytes(b.b);
        for (int k = 0; k < b.i.length; k++) {
            b.i[k] = random.nextInt();
        }
        for (int k = 0; k < b.w.length; k++) {
            b.w[k] = random.nextLong();
        }
        for (int k = 0; k < b.words.w.length; k++) {
            b.words.w[k] = random.nextLong();
        }
        for (int k = 0; k < b.words.i.length; k++) {
            b.words.i[k] = random.nextInt();
        }
        b.tail = (short) random.nextInt();
        return b;
    }

    private static Blob copy(Blob b) {
        Blob c = new Blob();
        org.bpf4j.lang.Structs.copy(c, b);
        return c;
    }

    private static void assertBlobEquals(Blob expected, Blob actual, String what) {
        assertEquals(expected.head, actual.head, what + " head");
        assertArrayEquals(expected.b, actual.b, what + " b");
        assertArrayEquals(expected.i, actual.i, what + " i");
        assertArrayEquals(expected.w, actual.w, what + " w");
        assertArrayEquals(expected.words.w, actual.words.w, what + " words.w");
        assertArrayEquals(expected.words.i, actual.words.i, what + " words.i");
        assertEquals(expected.tail, actual.tail, what + " tail");
    }

    private static int jvm(XdpContext ctx, String program) throws Exception {
        Method method = BlockMoves.class.getDeclaredMethod(program, XdpContext.class);
        method.setAccessible(true);
        try {
            return (int) method.invoke(null, ctx);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the JVM run failed", e.getCause());
        } finally {
            // the JVM map writes a struct value's changes back at its next operation: keep them past a GC
            System.gc();
        }
    }
}
