package org.bpf4j.it.calls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.JvmPrograms;
import org.bpf4j.lang.XdpContext;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.runtime.TestRunResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @BpfFunction} subprograms in the kernel: both programs of {@link Functions} pass the
 * verifier and return what the same methods return on the JVM, write the same packet bytes and
 * leave the same map contents and ring-buffer records, on edge-case and random packets.
 */
@KernelTest
class FunctionsKernelTest {
    private static final int INPUTS = 300;
    private static FunctionsSkeleton skeleton;

    @BeforeAll
    static void load() {
        skeleton = FunctionsSkeleton.load();
        JvmPrograms.initMaps(Functions.class);
    }

    @AfterAll
    static void close() {
        if (skeleton != null) {
            skeleton.close();
        }
    }

    @Test
    void hashesReturnsAndWritesWhatTheJvmDoes() throws Exception {
        Set<Integer> results = new HashSet<>();
        for (byte[] packet : inputs()) {
            results.add(agree("hashes", packet));
        }
        assertTrue(results.size() > INPUTS / 2, "results depend on the packet: " + results.size());
    }

    @Test
    void countsUpdatesTheMapAsTheJvmDoes() throws Exception {
        Set<Integer> results = new HashSet<>();
        List<byte[]> inputs = inputs();
        for (int k = 0; k < inputs.size(); k++) {
            results.add(agree("counts", inputs.get(k)));
            if (k % 16 == 0) {
                System.gc();    // the JVM map writes struct changes back at its next operation: a GC must not lose them
            }
        }
        results.add(agree("counts", new byte[20]));     // too short for In: sizes(ctx) alone
        assertTrue(results.size() > INPUTS / 2, "results depend on the packet: " + results.size());
        long runs = 0;
        for (int key = 0; key < 2; key++) {
            Functions.Stats jvm = Functions.stats.get(key);
            Functions.Stats kernel = skeleton.stats().get(key);
            assertNotNull(kernel);
            assertEquals(jvm.runs, kernel.runs, "runs of entry " + key);
            assertEquals(jvm.total, kernel.total, "total of entry " + key);
            assertEquals(jvm.last, kernel.last, "last of entry " + key);
            runs += kernel.runs;
        }
        assertEquals(INPUTS + 6, runs, "every long packet is recorded once");
    }

    @Test
    void reportFillsRecordsAsTheJvmDoes() throws Exception {
        List<Functions.Event> kernel = new ArrayList<>();
        List<Functions.Event> jvm = new ArrayList<>();
        List<byte[]> inputs = inputs().subList(0, 40);
        try (RecordReader kernelReader = skeleton.events().reader(kernel::add);
                RecordReader jvmReader = Functions.events.reader(jvm::add)) {
            for (byte[] packet : inputs) {
                assertEquals(1, agree("report", packet));
            }
            for (int tries = 0; tries < 50 && kernel.size() < inputs.size(); tries++) {
                kernelReader.poll(Duration.ofMillis(20));
            }
            jvmReader.poll(Duration.ZERO);
        }
        assertEquals(inputs.size(), kernel.size(), "one record per packet");
        assertEquals(inputs.size(), jvm.size(), "one record per packet on the JVM");
        for (int i = 0; i < inputs.size(); i++) {
            Functions.Event k = kernel.get(i);
            Functions.Event j = jvm.get(i);
            String where = "record " + i + " of " + describe(inputs.get(i));
            assertEquals(j.a, k.a, where);
            assertEquals(j.hash, k.hash, where);
            assertEquals(j.x, k.x, where);
        }
    }

    private static int agree(String program, byte[] packet) throws Exception {
        Method method = Functions.class.getDeclaredMethod(program, XdpContext.class);
        method.setAccessible(true);
        XdpContext ctx = XdpContext.of(packet);
        int jvm;
        try {
            jvm = (int) method.invoke(null, ctx);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the JVM run failed", e.getCause());
        }
        TestRunResult kernel = skeleton.object().program(program).testRun(packet);
        assertEquals(jvm, kernel.retval(), () -> program + " on " + describe(packet));
        assertArrayEquals(ctx.packet(), kernel.data(), () -> program + " output packet on " + describe(packet));
        return kernel.retval();
    }

    /** Packets holding a {@link Functions.In} (host order), padded to 64 bytes. */
    private static List<byte[]> inputs() {
        List<byte[]> out = new ArrayList<>();
        Random r = new Random(11);
        long[][] edges = {{0, 0, 0}, {-1, -1, -1}, {Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE},
                {1, 7, Long.MAX_VALUE}, {0xFF, 0x80, 0x8080808080808080L}, {-128, 127, 1L << 32}};
        for (long[] e : edges) {
            out.add(packet((int) e[0], (int) e[1], e[2], r));
        }
        for (int i = 0; i < INPUTS; i++) {
            out.add(packet(r.nextInt(), i % 3 == 0 ? r.nextInt(16) : r.nextInt(), r.nextLong(), r));
        }
        return out;
    }

    private static byte[] packet(int a, int b, long x, Random r) {
        ByteBuffer buf = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        buf.putInt(0, a).putInt(4, b).putLong(8, x);
        for (int i = 16; i < 64; i++) {
            buf.put(i, (byte) r.nextInt());
        }
        return buf.array();
    }

    private static String describe(byte[] packet) {
        ByteBuffer buf = ByteBuffer.wrap(packet).order(ByteOrder.nativeOrder());
        return "a=" + buf.getInt(0) + " b=" + buf.getInt(4) + " x=" + buf.getLong(8);
    }
}
