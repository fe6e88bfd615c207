package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bpf4j.it.lang.RuntimeIndexes.Slots;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.BpfContext;
import org.bpf4j.lang.JvmPrograms;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.XdpContext;
import org.bpf4j.lang.spi.RecordReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Run-time indexes into struct and context arrays in the kernel: with indexes in bounds of
 * every array, each program of {@link RuntimeIndexes} agrees with the JVM; with indexes out of
 * bounds of some or all arrays (just past the end, negative, huge), reads give 0 and writes
 * change nothing, as modelled by {@link #writeAndRead} — checked on the return value and on the
 * map value and ring-buffer records the programs wrote.
 */
@KernelTest
class RuntimeIndexesKernelTest {
    /** In bounds of every array (the shortest has 5 elements). */
    private static final int[] IN_BOUNDS = {0, 1, 2, 3, 4};
    /** Out of bounds of some arrays (5, 19, 20, 23) or of all of them. */
    private static final int[] INDEXES = {0, 3, 4, 5, 19, 20, 23, 24, 25, -1, -20, 1 << 16, Integer.MIN_VALUE, Integer.MAX_VALUE};

    private static RuntimeIndexesSkeleton skeleton;
    private final Random random = new Random(11);

    @BeforeAll
    static void load() {
        skeleton = RuntimeIndexesSkeleton.load();
        JvmPrograms.initMaps(RuntimeIndexes.class);
    }

    @AfterAll
    static void close() {
        if (skeleton != null) {
            skeleton.close();
        }
    }

    @Test
    void mapValueInBoundsAgreesWithJvm() throws Exception {
        skeleton.slots().put(0, sentinels());
        RuntimeIndexes.slots.put(0, sentinels());
        for (int i : IN_BOUNDS) {
            for (int j : IN_BOUNDS) {
                byte[] packet = packet(i, j);
                assertEquals(jvm("mapValue", XdpContext.of(packet)), kernel("mapValue", packet), () -> describe(packet));
            }
        }
        assertSlotsEqual(RuntimeIndexes.slots.get(0), skeleton.slots().get(0));
    }

    @Test
    void mapValueOutOfBoundsReadsZeroAndWritesNothing() {
        Slots model = sentinels();
        skeleton.slots().put(0, sentinels());
        for (int i : INDEXES) {
            for (int j : INDEXES) {
                byte[] packet = packet(i, j);
                assertEquals(writeAndRead(model, packet), kernel("mapValue", packet), () -> describe(packet));
            }
        }
        assertSlotsEqual(model, skeleton.slots().get(0));
    }

    @Test
    void ringBufferRecordsAreWrittenOnlyInBounds() throws Exception {
        List<Slots> kernelRecords = new ArrayList<>();
        List<Slots> jvmRecords = new ArrayList<>();
        List<Slots> expected = new ArrayList<>();
        List<Slots> expectedOnJvm = new ArrayList<>();
        try (RecordReader reader = skeleton.records().reader(kernelRecords::add);
                RecordReader jvmReader = RuntimeIndexes.records.reader(jvmRecords::add)) {
            for (int i : INDEXES) {
                for (int j : INDEXES) {
                    byte[] packet = packet(i, j);
                    Slots record = initialRecord();
                    int result = writeAndRead(record, packet);
                    for (int x : record.v) {
                        result = result * 3 + x;
                    }
                    expected.add(record);
                    assertEquals(result, kernel("record", packet), () -> describe(packet));
                    if (inBounds(i) && inBounds(j)) {
                        assertEquals(result, jvm("record", XdpContext.of(packet)), () -> "JVM " + describe(packet));
                        expectedOnJvm.add(record);
                    }
                    reader.drain();
                    jvmReader.drain();
                }
            }
        }
        assertEquals(expected.size(), kernelRecords.size());
        for (int k = 0; k < expected.size(); k++) {
            assertSlotsEqual(expected.get(k), kernelRecords.get(k));
        }
        assertEquals(expectedOnJvm.size(), jvmRecords.size());
        for (int k = 0; k < expectedOnJvm.size(); k++) {
            assertSlotsEqual(expectedOnJvm.get(k), jvmRecords.get(k));
        }
    }

    @Test
    void stackStructArrays() throws Exception {
        for (int i : INDEXES) {
            for (int j : INDEXES) {
                byte[] packet = packet(i, j);
                ByteBuffer in = input(packet);
                Slots s = new Slots();
                s.w[2] = in.getLong(16);
                s.v[19] = in.getInt(8) >> 1;
                int expected = writeAndRead(s, packet) + s.before * 7 + s.after;
                assertEquals(expected, kernel("stack", packet), () -> describe(packet));
                if (inBounds(i) && inBounds(j)) {
                    assertEquals(expected, jvm("stack", XdpContext.of(packet)), () -> "JVM " + describe(packet));
                }
            }
        }
    }

    @Test
    void contextArrayWithRuntimeIndexes() throws Exception {
        for (int i : INDEXES) {
            for (int j : INDEXES) {
                byte[] packet = packet(i, j);
                int value = input(packet).getInt(8);
                int[] cb = new int[5];
                if (i >= 0 && i < 5) {
                    cb[i] = value;
                }
                if (j >= 0 && j < 5) {
                    cb[j] += 3;
                }
                int expected = ((j >= 0 && j < 5) ? cb[j] : 0) * 31 + ((i >= 0 && i < 5) ? cb[i] : 0);
                for (int c : cb) {
                    expected = expected * 7 + c;
                }
                int result = expected;
                assertEquals(result, kernel("contextArray", packet), () -> describe(packet));
                if (inBounds(i) && inBounds(j)) {
                    assertEquals(result, jvm("contextArray", SkBuffContext.of(packet)), () -> "JVM " + describe(packet));
                }
            }
        }
    }

    /**
     * {@link RuntimeIndexes#writeAndRead} as BPF runs it: in bounds as in Java; out of bounds a
     * read gives 0 and a write does nothing.
     */
    private static int writeAndRead(Slots s, byte[] packet) {
        ByteBuffer in = input(packet);
        int i = in.getInt(0);
        int j = in.getInt(4);
        int value = in.getInt(8);
        long wide = in.getLong(16);
        if (i >= 0 && i < s.v.length) {
            s.v[i] = value;
        }
        if (i >= 0 && i < s.bytes.length) {
            s.bytes[i] = (byte) value;
        }
        if (i >= 0 && i < s.w.length) {
            s.w[i] += wide;
        }
        int v = j >= 0 && j < s.v.length ? s.v[j] : 0;
        byte b = j >= 0 && j < s.bytes.length ? s.bytes[j] : 0;
        long w = j >= 0 && j < s.w.length ? s.w[j] : 0;
        return v * 31 + b ^ (int) w;
    }

    private static boolean inBounds(int index) {
        return index >= 0 && index < 5;
    }

    /** A value with recognisable contents, so that a stray write shows. */
    private static Slots sentinels() {
        Slots s = new Slots();
        s.before = 0x11111111;
        s.after = 0x22222222;
        for (int k = 0; k < s.v.length; k++) {
            s.v[k] = 1000 + k;
        }
        for (int k = 0; k < s.bytes.length; k++) {
            s.bytes[k] = (byte) (0x40 + k);
        }
        for (int k = 0; k < s.w.length; k++) {
            s.w[k] = -k;
        }
        return s;
    }

    /** What {@link RuntimeIndexes#record} writes before indexing. */
    private static Slots initialRecord() {
        Slots s = new Slots();
        RuntimeIndexes.fill(s);
        return s;
    }

    private static void assertSlotsEqual(Slots expected, Slots actual) {
        assertEquals(expected.before, actual.before, "before");
        assertArrayEquals(expected.v, actual.v, "v");
        assertArrayEquals(expected.bytes, actual.bytes, "bytes");
        assertArrayEquals(expected.w, actual.w, "w");
        assertEquals(expected.after, actual.after, "after");
    }

    private static int kernel(String program, byte[] packet) {
        return skeleton.object().program(program).testRun(packet).retval();
    }

    private static int jvm(String program, BpfContext ctx) throws Exception {
        Method method = RuntimeIndexes.class.getDeclaredMethod(program, ctx.getClass());
        method.setAccessible(true);
        try {
            return (int) method.invoke(null, ctx);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the JVM run failed", e.getCause());
        } finally {
            // The JVM map writes a struct value's changes back at its next operation: a GC before that
            // (the program no longer holds the value) must not lose them.
            System.gc();
        }
    }

    /** A {@link RuntimeIndexes.In} with indexes {@code i}, {@code j} and random values, padded to 64 bytes. */
    private byte[] packet(int i, int j) {
        ByteBuffer buf = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        buf.putInt(0, i).putInt(4, j).putInt(8, random.nextInt()).putLong(16, random.nextLong());
        return buf.array();
    }

    private static ByteBuffer input(byte[] packet) {
        return ByteBuffer.wrap(packet).order(ByteOrder.nativeOrder());
    }

    private static String describe(byte[] packet) {
        ByteBuffer in = input(packet);
        return "i=" + in.getInt(0) + " j=" + in.getInt(4) + " value=" + in.getInt(8) + " wide=" + in.getLong(16);
    }
}
