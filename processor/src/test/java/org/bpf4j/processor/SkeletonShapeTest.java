package org.bpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.bpf4j.lang.Codecs;
import org.bpf4j.lang.spi.Codec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compiles a BPF class with the processor and checks the generated skeleton: that it compiles,
 * its members and their types, the object resource, and its struct codecs byte for byte.
 */
class SkeletonShapeTest {
    static final JavaFileObject SAMPLE = JavaFileObjects.forSourceLines("demo.Counter",
            "package demo;",
            "import org.bpf4j.annotation.*;",
            "import org.bpf4j.lang.*;",
            "public final class Counter {",
            "    @BpfMap(maxEntries = 1024) static BpfHashMap<Integer, Long> counts;",
            "    @BpfMap(maxEntries = 4) static BpfArrayMap<Stats> stats;",
            "    @BpfMap(maxEntries = 16, keySize = 6) static BpfHashMap<byte[], Integer> macs;",
            "    @BpfConfig static int verdict = 2;",
            "    static long runs;",
            "    static int limit = 1 << 4;",
            "    static char port = 80;",
            "    @Size(4) static int[] histogram;",
            "    @BpfStruct public static final class Stats {",
            "        public long packets; public int bytes; @Size(6) public byte[] mac; public boolean seen;",
            "    }",
            "    @BpfStruct(networkOrder = true) public static final class Hdr { public char port; public int addr; }",
            "    @BpfStruct public static final class Event {",
            "        public int pid; public long time; public Hdr hdr; @Size(2) public Hdr[] more; @Size(3) public short[] words;",
            "    }",
            "    @BpfMap(maxEntries = 2) static BpfHashMap<Event, Long> byEvent;",
            "    @BpfMap(maxEntries = 8) static BpfPerCpuArrayMap<Long> perCpu;",
            "    @BpfMap(maxEntries = 8) static BpfPerCpuHashMap<Integer, Stats> perCpuHash;",
            "    @BpfMap(maxEntries = 8) static BpfLruHashMap<Integer, Integer> lru;",
            "    @BpfMap(maxEntries = 8192) static BpfRingBuffer<Event> events;",
            "    @BpfMap(maxEntries = 0) static BpfPerfEventArray<Event> perf;",
            "    @BpfMap(maxEntries = 4) static BpfProgArray jumps;",
            "    @BpfProgram(type = ProgramType.XDP)",
            "    static int count(XdpContext ctx) { return XdpAction.PASS; }",
            "}");

    static Compilation compilation;
    static CompiledClasses classes;
    static Class<?> skeleton;

    @BeforeAll
    static void compile() throws Exception {
        compilation = Compiler.javac().withProcessors(new BpfProcessor()).compile(SAMPLE);
        assertThat(compilation).succeeded();
        classes = new CompiledClasses(compilation);
        skeleton = classes.loadClass("demo.CounterSkeleton");
    }

    @Test
    void objectResourceIsWritten() {
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "", "META-INF/bpf/demo.Counter.bpf.o");
        byte[] elf = classes.file("META-INF/bpf/demo.Counter.bpf.o");
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, Arrays.copyOf(elf, 4));
    }

    @Test
    void lifecycleMethods() throws Exception {
        assertTrue(AutoCloseable.class.isAssignableFrom(skeleton));
        Method load = skeleton.getMethod("load");
        assertTrue(Modifier.isStatic(load.getModifiers()));
        assertEquals(skeleton, load.getReturnType());
        Method open = skeleton.getMethod("open");
        Class<?> opened = open.getReturnType();
        assertEquals("demo.CounterSkeleton$Opened", opened.getName());
        assertEquals(skeleton, opened.getMethod("load").getReturnType());
        assertEquals(opened, opened.getMethod("verdict", int.class).getReturnType());
        assertEquals(opened, opened.getMethod("countsMaxEntries", int.class).getReturnType());
        assertThrows(NoSuchMethodException.class, () -> skeleton.getMethod("attach"),
                "no program names a target: an attach() would attach nothing");
        assertEquals("/META-INF/bpf/demo.Counter.bpf.o", skeleton.getField("RESOURCE").get(null));
    }

    @Test
    void typedAccessors() throws Exception {
        assertEquals("org.bpf4j.runtime.LoadedProgram", skeleton.getMethod("count").getReturnType().getName());
        assertEquals("org.bpf4j.lang.BpfHashMap", skeleton.getMethod("counts").getReturnType().getName());
        assertEquals("org.bpf4j.lang.BpfHashMap<java.lang.Integer, java.lang.Long>",
                skeleton.getMethod("counts").getGenericReturnType().getTypeName());
        assertEquals("org.bpf4j.lang.BpfArrayMap<demo.Counter$Stats>",
                skeleton.getMethod("stats").getGenericReturnType().getTypeName());
        assertEquals("org.bpf4j.lang.BpfPerCpuHashMap<java.lang.Integer, demo.Counter$Stats>",
                skeleton.getMethod("perCpuHash").getGenericReturnType().getTypeName());
        assertEquals("org.bpf4j.lang.BpfRingBuffer<demo.Counter$Event>",
                skeleton.getMethod("events").getGenericReturnType().getTypeName());
        assertEquals("org.bpf4j.lang.BpfPerfEventArray<demo.Counter$Event>",
                skeleton.getMethod("perf").getGenericReturnType().getTypeName());
        assertEquals("org.bpf4j.lang.BpfProgArray", skeleton.getMethod("jumps").getReturnType().getName());
        assertEquals(long.class, skeleton.getMethod("runs").getReturnType());
        assertEquals(skeleton, skeleton.getMethod("runs", long.class).getReturnType());
        assertEquals(char.class, skeleton.getMethod("port").getReturnType());
        assertEquals(int[].class, skeleton.getMethod("histogram").getReturnType());
        assertEquals(int.class, skeleton.getMethod("verdict").getReturnType());
        Set<String> setters = Arrays.stream(skeleton.getMethods())
                .filter(m -> m.getName().equals("verdict") && m.getParameterCount() == 1)
                .map(Method::getName).collect(Collectors.toSet());
        assertTrue(setters.isEmpty(), "a @BpfConfig global is read-only once loaded");
    }

    @SuppressWarnings("unchecked")
    private static <T> Codec<T> codec(String name) throws Exception {
        Class<?> codec = classes.loadClass("demo.CounterSkeleton$" + name + "Codec");
        return (Codec<T>) codec.getField("INSTANCE").get(null);
    }

    private static Object newStruct(String name) throws Exception {
        return classes.loadClass("demo.Counter$" + name).getConstructor().newInstance();
    }

    private static void set(Object target, String field, Object value) throws Exception {
        Field f = target.getClass().getField(field);
        f.set(target, value);
    }

    private static Object get(Object target, String field) throws Exception {
        return target.getClass().getField(field).get(target);
    }

    @Test
    void structCodecWritesTheCLayoutAndZeroesPadding() throws Exception {
        Codec<Object> codec = codec("Stats");
        assertEquals(24, codec.size());
        Object stats = newStruct("Stats");
        set(stats, "packets", 0x0102030405060708L);
        set(stats, "bytes", 0x0A0B0C0D);
        set(stats, "mac", new byte[] {1, 2, 3, 4, 5, 6});
        set(stats, "seen", true);
        ByteBuffer out = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        Arrays.fill(out.array(), (byte) 0x55);
        out.position(2);
        codec.encode(stats, out);
        assertEquals(26, out.position());
        byte[] expected = {
            0x55, 0x55,
            8, 7, 6, 5, 4, 3, 2, 1,
            0x0D, 0x0C, 0x0B, 0x0A,
            1, 2, 3, 4, 5, 6,
            1,
            0, 0, 0, 0, 0,
            0x55, 0x55};
        assertArrayEquals(expected, out.array());
        out.position(2);
        Object back = codec.decode(out);
        assertEquals(0x0102030405060708L, get(back, "packets"));
        assertEquals(0x0A0B0C0D, get(back, "bytes"));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, (byte[]) get(back, "mac"));
        assertEquals(true, get(back, "seen"));
    }

    @Test
    void networkOrderStructIsBigEndianInsideAHostOrderRecord() throws Exception {
        Codec<Object> codec = codec("Event");
        assertEquals(48, codec.size());
        Object hdr = newStruct("Hdr");
        set(hdr, "port", (char) 0x1F90);
        set(hdr, "addr", 0x7F000001);
        Object event = newStruct("Event");
        set(event, "pid", 7);
        set(event, "hdr", hdr);
        set(event, "words", new short[] {1, 2, 3});
        ByteBuffer out = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        codec.encode(event, out);
        byte[] b = out.array();
        assertEquals(7, b[0]);
        assertArrayEquals(new byte[] {0x1F, (byte) 0x90, 0, 0, 0x7F, 0, 0, 1}, Arrays.copyOfRange(b, 16, 24));
        assertArrayEquals(new byte[16], Arrays.copyOfRange(b, 24, 40), "absent array: zeros");
        assertArrayEquals(new byte[] {1, 0, 2, 0, 3, 0}, Arrays.copyOfRange(b, 40, 46));
        Object back = codec.decode(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN));
        Object hdrBack = get(back, "hdr");
        assertEquals((char) 0x1F90, get(hdrBack, "port"));
        assertEquals(0x7F000001, get(hdrBack, "addr"));
        assertEquals(2, ((Object[]) get(back, "more")).length);
    }

    @Test
    void generatedCodecsAgreeWithTheLanguagesReflectiveCodecs() throws Exception {
        Object hdr = newStruct("Hdr");
        set(hdr, "port", (char) 443);
        set(hdr, "addr", 0x0A000001);
        Object event = newStruct("Event");
        set(event, "pid", -5);
        set(event, "time", 123456789L);
        set(event, "hdr", hdr);
        Object other = newStruct("Hdr");
        set(other, "port", (char) 0xFFFF);
        set(event, "more", java.lang.reflect.Array.newInstance(hdr.getClass(), 2));
        java.lang.reflect.Array.set(get(event, "more"), 0, hdr);
        java.lang.reflect.Array.set(get(event, "more"), 1, other);
        set(event, "words", new short[] {-1, 0, 7});
        Object stats = newStruct("Stats");
        set(stats, "packets", -1L);
        set(stats, "mac", new byte[] {9, 8, 7, 6, 5, 4});
        for (Object value : new Object[] {event, stats}) {
            String name = value.getClass().getSimpleName();
            Codec<Object> generated = codec(name);
            @SuppressWarnings("unchecked")
            Codec<Object> reflective = (Codec<Object>) Codecs.struct(value.getClass());
            assertEquals(reflective.size(), generated.size(), name + " size");
            assertArrayEquals(bytes(reflective, value), bytes(generated, value), name + " bytes");
        }
    }

    private static byte[] bytes(Codec<Object> codec, Object value) {
        ByteBuffer out = ByteBuffer.allocate(codec.size()).order(ByteOrder.nativeOrder());
        codec.encode(value, out);
        return out.array();
    }

    @Test
    void wrongArrayLengthIsAClearError() throws Exception {
        Codec<Object> codec = codec("Stats");
        Object stats = newStruct("Stats");
        set(stats, "mac", new byte[5]);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> codec.encode(stats, ByteBuffer.allocate(24)));
        assertTrue(e.getMessage().contains("Stats.mac has 5 elements; its @Size is 6"), e.getMessage());
    }

    @Test
    void noTargetMeansNoAttachButEachProgramCanBeAttached() {
        String source = generatedSkeleton();
        assertFalse(source.contains(" attach()"), source);
        assertTrue(source.contains("public Link attachCount(String target) {"), source);
        assertTrue(source.contains(" *     s.attachCount(target);\n"), "the usage example: " + source);
    }

    @Test
    void offsetsAddNoZero() {
        String source = generatedSkeleton();
        assertFalse(Pattern.compile("\\+ 0\\b").matcher(source).find(), source);
        assertTrue(source.contains("out.putLong(at, value.packets);"), source);
        assertTrue(source.contains("value.pid = in.getInt(at);"), source);
        assertTrue(source.contains("buffer.putInt(HISTOGRAM_OFFSET + i * 4, value[i]);"), source);
    }

    @Test
    void eachMapIsLookedUpByNameOnce() {
        String source = generatedSkeleton();
        for (String map : new String[] {"counts", "stats", "macs", "byEvent", "perCpu", "perCpuHash",
                "lru", "events", "perf", "jumps"}) {
            Matcher lookups = Pattern.compile(Pattern.quote("object.map(\"" + map + "\")")).matcher(source);
            assertEquals(1, lookups.results().count(), map + " in " + source);
        }
        assertTrue(source.contains("new BpfRingBuffer<>(EventCodec.INSTANCE, new RingBuffer(eventsMap), "
                + "eventsMap.maxEntries());"), source);
    }

    @Test
    void globalsAreReadAtTheOffsetsTheProcessorLaidOut() {
        String source = generatedSkeleton();
        assertTrue(source.contains("private static final int RUNS_OFFSET = 0;"), source);
        assertTrue(source.contains("private static final int PORT_OFFSET = 4;"), source);
        assertTrue(source.contains("private static final int HISTOGRAM_OFFSET = 8;"), source);
        assertTrue(source.contains("return bss.getLong(RUNS_OFFSET);"), source);
        assertTrue(source.contains("return (char) data.getShort(PORT_OFFSET);"), source);
        assertTrue(source.contains("file.rodata().setInt(VERDICT_OFFSET, value);"), source);
        assertFalse(Pattern.compile("(get|set)\\w*\\(\"").matcher(source).find(),
                "no global looked up by name: " + source);
        assertFalse(source.contains(".offset("), source);
    }

    static String generatedSkeleton() {
        try {
            return compilation.generatedSourceFile("demo.CounterSkeleton").orElseThrow()
                    .getCharContent(false).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
