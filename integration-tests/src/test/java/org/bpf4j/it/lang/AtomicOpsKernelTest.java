package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bpf4j.it.lang.AtomicOps.Cell;
import org.bpf4j.it.lang.AtomicOps.Out;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.JvmPrograms;
import org.bpf4j.lang.XdpContext;
import org.bpf4j.lang.spi.RecordReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AtomicOps} in the kernel against the JVM: random sequences of every form on 32- and
 * 64-bit members and elements of one map value, compared after each run (the return value, the
 * fetched old values, the map value); compare-exchange with expectations that hold half of the
 * time, so that both its success and its failure are seen; and out of bounds, where the kernel
 * does nothing (a fetch gives 0) and the JVM throws after the member operations before it.
 */
@KernelTest
class AtomicOpsKernelTest {
    private static final List<String> MAP_PROGRAMS = List.of("add", "and", "or", "xor", "getAndAdd", "getAndAnd", "getAndOr",
            "getAndXor", "getAndSet", "compareAndExchange", "constantIndexes");
    private static final long[] SPECIAL = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFF_FFFFL, 1L << 32,
            Long.MAX_VALUE, Long.MIN_VALUE};

    private static AtomicOpsSkeleton skeleton;
    private final Random random = new Random(14);

    @BeforeAll
    static void load() {
        skeleton = AtomicOpsSkeleton.load();
        JvmPrograms.initMaps(AtomicOps.class);
    }

    @AfterAll
    static void close() {
        if (skeleton != null) {
            skeleton.close();
        }
    }

    @BeforeEach
    void sameStartOnBothSides() {
        Cell start = randomCell();
        skeleton.cells().put(0, start);
        AtomicOps.cells.put(0, start);
        skeleton.results().put(0, new Out());
        AtomicOps.results.put(0, new Out());
    }

    @Test
    void everyFormAgreesWithTheJvm() throws Exception {
        int[] exchanged = new int[2];
        for (int round = 0; round < 600; round++) {
            String program = MAP_PROGRAMS.get(random.nextInt(MAP_PROGRAMS.size()));
            Cell now = skeleton.cells().get(0);
            int index = random.nextInt(4);
            byte[] packet = packet(index, now);
            int kernelResult = kernel(program, packet);
            assertEquals(jvm(program, packet), kernelResult, () -> program + " " + describe(packet));
            assertCellsEqual(AtomicOps.cells.get(0), skeleton.cells().get(0), program);
            assertOutEqual(AtomicOps.results.get(0), skeleton.results().get(0), program);
            if (program.equals("compareAndExchange")) {
                exchanged[kernelResult == 0 ? 0 : 1]++;
            }
        }
        assertTrue(exchanged[0] > 0 && exchanged[1] > 0, "compare-exchange failed and succeeded: " + exchanged[0] + "/"
                + exchanged[1]);
    }

    @Test
    void anIndexOutOfBoundsDoesNothingInTheKernel() throws Exception {
        for (int index : new int[] {4, 5, -1, 1 << 20, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            for (String program : MAP_PROGRAMS.subList(0, 10)) {
                Cell now = skeleton.cells().get(0);
                byte[] packet = packet(index, now);
                kernel(program, packet);
                Throwable thrown = jvmThrows(program, packet);
                assertInstanceOf(ArrayIndexOutOfBoundsException.class, thrown, program);
                Cell after = skeleton.cells().get(0);
                assertArrayEquals(now.words, after.words, program + ": no element changes");
                assertArrayEquals(now.wides, after.wides, program + ": no element changes");
                assertCellsEqual(AtomicOps.cells.get(0), after, program + ": the member operations before");
                Out out = skeleton.results().get(0);
                Out jvmOut = AtomicOps.results.get(0);
                assertEquals(jvmOut.word, out.word, program);
                assertEquals(jvmOut.wide, out.wide, program);
                if (program.startsWith("get") || program.equals("compareAndExchange")) {
                    assertEquals(0, out.element32, program + ": a fetch out of bounds gives 0");
                    assertEquals(0, out.element64, program + ": a fetch out of bounds gives 0");
                }
                AtomicOps.results.put(0, out);
            }
        }
    }

    @Test
    void globalArraysTakeAtomics() throws Exception {
        for (int k = 0; k < 4; k++) {
            AtomicOps.totals[k] = randomValue();
        }
        AtomicOps.hits[0] = (int) randomValue();
        AtomicOps.hits[1] = (int) randomValue();
        skeleton.totals(AtomicOps.totals);
        skeleton.hits(AtomicOps.hits);
        int exchanged = 0;
        for (int round = 0; round < 100; round++) {
            Cell now = new Cell();
            now.wide = AtomicOps.totals[3];
            now.wides[2] = AtomicOps.totals[3];
            byte[] packet = packet(random.nextInt(4), now);
            long before = AtomicOps.totals[3];
            assertEquals(jvm("globals", packet), kernel("globals", packet), () -> describe(packet));
            assertArrayEquals(AtomicOps.totals, skeleton.totals(), () -> "totals after " + describe(packet));
            assertArrayEquals(AtomicOps.hits, skeleton.hits(), () -> "hits after " + describe(packet));
            exchanged += ByteBuffer.wrap(packet).order(ByteOrder.nativeOrder()).getLong(24) == before ? 1 : 0;
        }
        assertTrue(exchanged > 0, "compare-exchange on a global succeeded");
    }

    @Test
    void stackStructsTakeAtomics() throws Exception {
        for (int round = 0; round < 100; round++) {
            byte[] packet = packet(random.nextInt(4), randomCell());
            assertEquals(jvm("onStack", packet), kernel("onStack", packet), () -> describe(packet));
        }
    }

    @Test
    void ringBufferRecordsTakeAtomics() throws Exception {
        List<Cell> kernelRecords = new ArrayList<>();
        List<Cell> jvmRecords = new ArrayList<>();
        try (RecordReader reader = skeleton.records().reader(kernelRecords::add);
                RecordReader jvmReader = AtomicOps.records.reader(jvmRecords::add)) {
            for (int round = 0; round < 50; round++) {
                byte[] packet = packet(random.nextInt(4), randomCell());
                assertEquals(jvm("inRecord", packet), kernel("inRecord", packet), () -> describe(packet));
                reader.drain();
                jvmReader.drain();
            }
        }
        assertEquals(50, kernelRecords.size());
        assertEquals(50, jvmRecords.size());
        for (int k = 0; k < 50; k++) {
            assertCellsEqual(jvmRecords.get(k), kernelRecords.get(k), "record " + k);
        }
    }

    private long randomValue() {
        switch (random.nextInt(3)) {
            case 0: return SPECIAL[random.nextInt(SPECIAL.length)];
            case 1: return random.nextInt(256) - 128;
            default: return random.nextLong();
        }
    }

    private Cell randomCell() {
        Cell c = new Cell();
        c.word = (int) randomValue();
        c.wide = randomValue();
        for (int k = 0; k < 4; k++) {
            c.words[k] = (int) randomValue();
            c.wides[k] = randomValue();
        }
        return c;
    }

    /** Operands for element {@code index}; each expectation of compare-exchange is what {@code now} holds half of the time. */
    private byte[] packet(int index, Cell now) {
        boolean inBounds = index >= 0 && index < 4;
        ByteBuffer buf = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        buf.putInt(0, index);
        buf.putInt(4, (int) randomValue());
        buf.putInt(8, random.nextBoolean() ? now.word : (int) randomValue());
        buf.putInt(12, random.nextBoolean() && inBounds ? now.words[index] : (int) randomValue());
        buf.putLong(16, randomValue());
        buf.putLong(24, random.nextBoolean() ? (random.nextBoolean() ? now.wide : now.wides[2]) : randomValue());
        buf.putLong(32, random.nextBoolean() && inBounds ? now.wides[index] : randomValue());
        return buf.array();
    }

    private static int kernel(String program, byte[] packet) {
        return skeleton.object().program(program).testRun(packet).retval();
    }

    private static int jvm(String program, byte[] packet) throws Exception {
        try {
            return (int) method(program).invoke(null, XdpContext.of(packet));
        } catch (InvocationTargetException e) {
            throw new AssertionError("the JVM run failed", e.getCause());
        }
    }

    private static Throwable jvmThrows(String program, byte[] packet) throws Exception {
        try {
            method(program).invoke(null, XdpContext.of(packet));
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    private static Method method(String program) throws NoSuchMethodException {
        Method method = AtomicOps.class.getDeclaredMethod(program, XdpContext.class);
        method.setAccessible(true);
        return method;
    }

    private static void assertCellsEqual(Cell expected, Cell actual, String what) {
        assertEquals(expected.word, actual.word, what + ": word");
        assertEquals(expected.wide, actual.wide, what + ": wide");
        assertArrayEquals(expected.words, actual.words, what + ": words");
        assertArrayEquals(expected.wides, actual.wides, what + ": wides");
    }

    private static void assertOutEqual(Out expected, Out actual, String what) {
        assertEquals(expected.word, actual.word, what + ": old word");
        assertEquals(expected.wide, actual.wide, what + ": old wide");
        assertEquals(expected.element32, actual.element32, what + ": old element of words");
        assertEquals(expected.element64, actual.element64, what + ": old element of wides");
    }

    private static String describe(byte[] packet) {
        ByteBuffer in = ByteBuffer.wrap(packet).order(ByteOrder.nativeOrder());
        return "index=" + in.getInt(0) + " a32=" + in.getInt(4) + " x32=" + in.getInt(8) + " y32=" + in.getInt(12) + " a64="
                + in.getLong(16) + " x64=" + in.getLong(24) + " y64=" + in.getLong(32);
    }
}
