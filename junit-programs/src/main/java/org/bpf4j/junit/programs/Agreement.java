package org.bpf4j.junit.programs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.ToLongFunction;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfContext;
import org.bpf4j.lang.BpfKeyedMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.JvmPrograms;
import org.bpf4j.lang.PacketContext;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.XdpContext;
import org.bpf4j.lang.spi.MapStore;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.TestRunResult;

/**
 * One program class run twice over: on the JVM, with fresh JVM maps, and in the kernel, freshly
 * loaded. {@link #run} gives both the same packet and asserts that they agree on the return
 * value, the packet as the program left it, and the contents of every hash and array map (per-CPU
 * maps: the sum over CPUs). Needs the kernel ({@code @KernelTest}); ring buffers and program
 * arrays are not compared. The packet is an Ethernet frame: XDP and tc programs see all of it,
 * socket filters and cgroup skb programs (as in the kernel) only what follows the Ethernet header.
 */
public final class Agreement implements AutoCloseable {
    private final Class<?> programClass;
    private final LoadedObject kernel;

    private Agreement(Class<?> programClass, LoadedObject kernel) {
        this.programClass = programClass;
        this.kernel = kernel;
    }

    /** Gives {@code programClass} fresh JVM maps and loads its compiled object into the kernel. */
    public static Agreement load(Class<?> programClass) {
        Prerequisites.requireKernel();
        ProgramState.capture(programClass).reset();
        String resource = "/META-INF/bpf/" + programClass.getName() + ".bpf.o";
        return new Agreement(programClass, BpfObjectFile.openResource(programClass, resource).load());
    }

    /** Runs {@code program} on {@code packet} on both sides, asserts agreement and returns the return value. */
    public int run(String program, byte[] packet) {
        Method method = programMethod(program);
        boolean fromNetworkHeader = startsAtNetworkHeader(method);
        PacketContext ctx = context(method, packet.clone(), fromNetworkHeader);
        int jvmResult = (int) JvmPrograms.run(invoker(method), ctx);
        TestRunResult kernelResult = kernel.program(program).testRun(packet);

        String where = program + " on a packet of " + packet.length + " bytes";
        assertEquals(jvmResult, kernelResult.retval(), () -> where + ": return value (expected: JVM, actual: kernel)");
        assertArrayEquals(outputFrame(ctx, fromNetworkHeader), kernelResult.data(),
                () -> where + ": output packet (expected: JVM, actual: kernel)");
        for (Field field : programClass.getDeclaredFields()) {
            MapStore jvmMap = jvmStore(field);
            if (jvmMap == null) continue;
            MapStore kernelMap = kernel.map(mapName(field));
            assertEquals(MapContents.of(jvmMap), MapContents.of(kernelMap),
                    () -> where + ": map " + field.getName() + " (expected: JVM, actual: kernel)");
        }
        return jvmResult;
    }

    /** Closes the kernel's copy; the JVM's maps stay for the test to read. */
    @Override
    public void close() {
        kernel.close();
    }

    private Method programMethod(String name) {
        for (Method m : programClass.getDeclaredMethods()) {
            if (m.getName().equals(name) && m.isAnnotationPresent(BpfProgram.class)) {
                m.setAccessible(true);
                return m;
            }
        }
        throw new IllegalArgumentException(programClass.getName() + " has no @BpfProgram method " + name);
    }

    /** Whether the kernel starts this program's packet at the network header (socket filters, cgroup skb). */
    private static boolean startsAtNetworkHeader(Method method) {
        ProgramType type = method.getAnnotation(BpfProgram.class).type();
        return type == ProgramType.SOCKET_FILTER || type == ProgramType.CGROUP_SKB_INGRESS
                || type == ProgramType.CGROUP_SKB_EGRESS;
    }

    /**
     * The frame a test run hands back: for a program that saw the packet from its network
     * header, the kernel puts an Ethernet header of zeros back in front of it.
     */
    private static byte[] outputFrame(PacketContext ctx, boolean fromNetworkHeader) {
        byte[] packet = ctx.packet();
        if (!fromNetworkHeader) return packet;
        byte[] frame = new byte[EthHdr.SIZE + packet.length];
        System.arraycopy(packet, 0, frame, EthHdr.SIZE, packet.length);
        return frame;
    }

    private static PacketContext context(Method method, byte[] packet, boolean fromNetworkHeader) {
        Class<?> type = method.getParameterTypes()[0];
        if (type == XdpContext.class) return XdpContext.of(packet);
        if (type == SkBuffContext.class) return fromNetworkHeader ? SkBuffContext.atNetworkHeader(packet) : SkBuffContext.of(packet);
        throw new IllegalArgumentException(method.getName() + " takes a " + type.getSimpleName()
                + ": test runs compare XDP, tc, socket filter and cgroup skb programs only");
    }

    private static ToLongFunction<BpfContext> invoker(Method method) {
        return ctx -> {
            try {
                return ((Number) method.invoke(null, ctx)).longValue();
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;   // a tail call's exit, or a bug
                throw new AssertionError(method.getName() + " threw on the JVM", e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot call " + method, e);
            }
        };
    }

    private static MapStore jvmStore(Field field) {
        if (!field.isAnnotationPresent(BpfMap.class) || !Modifier.isStatic(field.getModifiers())) return null;
        try {
            field.setAccessible(true);
            Object map = field.get(null);
            if (map instanceof BpfKeyedMap<?, ?> keyed) return keyed.store();
            if (map instanceof BpfArrayMap<?> array) return array.store();
            return null;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    private static String mapName(Field field) {
        String name = field.getAnnotation(BpfMap.class).name();
        return name.isEmpty() ? field.getName() : name;
    }
}
