package org.bpf4j.it.lower;

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
import org.bpf4j.lang.XdpContext;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Java semantics in the kernel: every program of {@link Semantics} passes the verifier and, on
 * random and edge-case inputs, returns exactly what the same method returns on the JVM.
 */
@KernelTest
class SemanticsKernelTest {
    private static final int INPUTS = 300;
    private static LoadedObject object;

    @BeforeAll
    static void load() {
        object = BpfObjectFile.openResource(Semantics.class, "/META-INF/bpf/org.bpf4j.it.lower.Semantics.bpf.o").load();
    }

    @AfterAll
    static void close() {
        if (object != null) {
            object.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"intArithmetic", "shifts", "longArithmetic", "narrowing", "compound", "unsigned", "minMaxAbs",
            "division", "logic", "loops", "switches", "calls", "packetAccess", "headerAccessors", "arrays", "structMethods", "constantConditionsAndLoopStack"})
    void kernelAgreesWithJvm(String program) throws Exception {
        Method method = Semantics.class.getDeclaredMethod(program, XdpContext.class);
        method.setAccessible(true);
        Set<Integer> results = new HashSet<>();
        for (byte[] packet : inputs()) {
            int jvm = jvm(method, packet);
            int kernel = object.program(program).testRun(packet).retval();
            assertEquals(jvm, kernel, () -> program + " on input " + describe(packet));
            results.add(kernel);
        }
        assertTrue(results.size() > 2, program + " should depend on its inputs, returned only " + results);
    }

    private static int jvm(Method method, byte[] packet) throws IllegalAccessException {
        try {
            return (int) method.invoke(null, XdpContext.of(packet));
        } catch (InvocationTargetException e) {
            throw new AssertionError("the JVM run failed", e.getCause());
        }
    }

    /** Packets holding a {@link Semantics.In} (host order), then padding to an Ethernet minimum. */
    private static List<byte[]> inputs() {
        List<byte[]> out = new ArrayList<>();
        long[][] edges = {
                {0, 0, 0, 0}, {Integer.MIN_VALUE, -1, Long.MIN_VALUE, -1}, {Integer.MAX_VALUE, 1, Long.MAX_VALUE, 1},
                {-1, 31, -1, 63}, {7, -3, 100, -7}, {'x', 'a', 3, 3}, {1, 32, 1L << 40, 1L << 33}};
        for (long[] e : edges) {
            out.add(packet((int) e[0], (int) e[1], e[2], e[3], (byte) e[0], (short) e[1], (char) e[0], e[1] != 0));
        }
        Random r = new Random(42);
        for (int i = 0; i < INPUTS; i++) {
            int a = i % 3 == 0 ? r.nextInt(200) - 100 : r.nextInt();
            int b = i % 4 == 0 ? r.nextInt(64) : r.nextInt();
            out.add(packet(a, b, r.nextLong(), i % 5 == 0 ? r.nextInt(50) : r.nextLong(), (byte) r.nextInt(),
                    (short) r.nextInt(), (char) (i % 7 == 0 ? 'a' + r.nextInt(3) : r.nextInt()), r.nextBoolean()));
        }
        return out;
    }

    private static byte[] packet(int a, int b, long x, long y, byte p, short q, char c, boolean flag) {
        ByteBuffer buf = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        buf.putInt(0, a).putInt(4, b).putLong(8, x).putLong(16, y).put(24, p).putShort(26, q).putChar(28, c)
                .put(30, (byte) (flag ? 1 : 0));
        return buf.array();
    }

    private static String describe(byte[] packet) {
        ByteBuffer buf = ByteBuffer.wrap(packet).order(ByteOrder.nativeOrder());
        return "a=" + buf.getInt(0) + " b=" + buf.getInt(4) + " x=" + buf.getLong(8) + " y=" + buf.getLong(16) + " p="
                + buf.get(24) + " q=" + buf.getShort(26) + " c=" + (int) buf.getChar(28) + " flag=" + buf.get(30);
    }
}
