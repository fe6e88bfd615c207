package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.JvmPrograms;
import org.bpf4j.lang.XdpContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * for-each in the kernel: every program of {@link ForEach} passes the verifier and returns what
 * the same method returns on the JVM, on edge-case and random inputs; the map value that
 * {@link ForEach#mapValueArrays} updates ends up equal on both sides.
 */
@KernelTest
class ForEachKernelTest {
    private static final int INPUTS = 200;
    private static ForEachSkeleton skeleton;

    @BeforeAll
    static void load() {
        skeleton = ForEachSkeleton.load();
        JvmPrograms.initMaps(ForEach.class);
    }

    @AfterAll
    static void close() {
        if (skeleton != null) {
            skeleton.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"primitiveArrays", "breakAndContinue", "nested"})
    void kernelAgreesWithJvm(String program) throws Exception {
        Set<Integer> results = new HashSet<>();
        for (byte[] packet : inputs()) {
            results.add(agree(program, packet));
        }
        assertTrue(results.size() > 2, program + " should depend on its inputs, returned only " + results);
    }

    @Test
    void forEachOverAMapValuesArraysUpdatesTheMapAsOnTheJvm() throws Exception {
        Set<Integer> results = new HashSet<>();
        List<byte[]> inputs = inputs();
        for (int k = 0; k < inputs.size(); k++) {
            results.add(agree("mapValueArrays", inputs.get(k)));
            if (k % 8 == 0) {
                // The JVM map writes a struct value's changes back at its next operation: a GC before
                // that (the program no longer holds the value) must not lose them.
                System.gc();
            }
        }
        assertTrue(results.size() > 2, "results depend on the map's history: " + results);
        for (int key = 0; key < 2; key++) {
            ForEach.Totals jvm = ForEach.totals.get(key);
            ForEach.Totals kernel = skeleton.totals().get(key);
            assertEquals(jvm.runs, kernel.runs, "runs: the array expression is evaluated once per loop");
            assertTrue(kernel.runs > 100 * 50, "each run counts 101: " + kernel.runs);
            assertArrayEquals(jvm.counts, kernel.counts, "counts of entry " + key);
            assertArrayEquals(jvm.sums, kernel.sums, "sums of entry " + key);
            assertEquals(0, kernel.after, "nothing is written past the arrays");
        }
    }

    private static int agree(String program, byte[] packet) throws Exception {
        Method method = ForEach.class.getDeclaredMethod(program, XdpContext.class);
        method.setAccessible(true);
        int jvm;
        try {
            jvm = (int) method.invoke(null, XdpContext.of(packet));
        } catch (InvocationTargetException e) {
            throw new AssertionError("the JVM run failed", e.getCause());
        }
        int kernel = skeleton.object().program(program).testRun(packet).retval();
        assertEquals(jvm, kernel, () -> program + " on input " + describe(packet));
        return kernel;
    }

    /** Packets holding a {@link ForEach.In} (host order), padded to 64 bytes. */
    private static List<byte[]> inputs() {
        List<byte[]> out = new ArrayList<>();
        Random r = new Random(7);
        long[][] edges = {{0, 0, 0}, {-1, -1, -1}, {Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE}, {5, 3, 0x0123456789abcdefL},
                {3, 1, 4}, {0xFF, 0x80, 0x8080808080808080L}};
        for (long[] e : edges) {
            out.add(packet((int) e[0], (int) e[1], e[2], r, e[0] == 0));
        }
        for (int i = 0; i < INPUTS; i++) {
            int a = i % 3 == 0 ? r.nextInt(16) : r.nextInt();
            int b = i % 4 == 0 ? r.nextInt(64) : r.nextInt();
            out.add(packet(a, b, i % 5 == 0 ? r.nextInt(100) : r.nextLong(), r, i % 2 == 0));
        }
        return out;
    }

    private static byte[] packet(int a, int b, long x, Random r, boolean smallValues) {
        ByteBuffer buf = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        buf.putInt(0, a).putInt(4, b).putLong(8, x);
        for (int i = 0; i < 8; i++) {
            buf.putInt(16 + 4 * i, smallValues ? r.nextInt(20) - 5 : r.nextInt());
        }
        for (int i = 0; i < 16; i++) {
            buf.put(48 + i, (byte) r.nextInt());
        }
        return buf.array();
    }

    private static String describe(byte[] packet) {
        ByteBuffer buf = ByteBuffer.wrap(packet).order(ByteOrder.nativeOrder());
        StringBuilder s = new StringBuilder("a=" + buf.getInt(0) + " b=" + buf.getInt(4) + " x=" + buf.getLong(8) + " vals=");
        for (int i = 0; i < 8; i++) {
            s.append(buf.getInt(16 + 4 * i)).append(i < 7 ? "," : "");
        }
        return s.toString();
    }
}
