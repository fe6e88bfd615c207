package org.bpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * javac with the processor → {@code .bpf.o} resource and skeleton → the real kernel: the
 * verifier accepts the object, a test run executes it, and the skeleton's typed accessors see
 * what the program did (config global set before load, a .bss counter, an array map, ring
 * buffer records decoded by the generated struct codec).
 */
@KernelTest
class ProcessorEndToEndTest {
    private static final byte[] PACKET = new PacketBuilder()
            .ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
            .ipv4("10.0.0.1", "10.0.0.2")
            .udp(1234, 5678)
            .build(64);

    static CompiledClasses classes;

    @BeforeAll
    static void compile() {
        Compilation compilation = Compiler.javac().withProcessors(new BpfProcessor()).compile(
                JavaFileObjects.forSourceLines("demo.Verdict",
                        "package demo;",
                        "import org.bpf4j.annotation.*;",
                        "import org.bpf4j.lang.*;",
                        "public final class Verdict {",
                        "    @BpfConfig static int verdict = 2;",
                        "    static long runs;",
                        "    @BpfMap(maxEntries = 4) static BpfArrayMap<Long> hits;",
                        "    @BpfMap(maxEntries = 4096) static BpfRingBuffer<Event> events;",
                        "    @BpfStruct public static final class Event { public byte tag; public long seq; }",
                        "    @BpfProgram(type = ProgramType.XDP)",
                        "    static int decide(XdpContext ctx) {",
                        "        runs++;",
                        "        hits.increment(1);",
                        "        Event e = events.reserve();",
                        "        if (e != null) {",
                        "            e.tag = 7;",
                        "            e.seq = runs;",
                        "            events.submit(e);",
                        "        }",
                        "        return verdict;",
                        "    }",
                        "}"));
        assertThat(compilation).succeeded();
        classes = new CompiledClasses(compilation);
    }

    @Test
    void attachConnectsProgramsWithATargetToRealEvents() throws Exception {
        Compilation compilation = Compiler.javac().withProcessors(new BpfProcessor()).compile(
                JavaFileObjects.forSourceLines("demo.Execs",
                        "package demo;",
                        "import org.bpf4j.annotation.*;",
                        "import org.bpf4j.lang.*;",
                        "public final class Execs {",
                        "    static long execs;",
                        "    @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\")",
                        "    static int onExec(TracepointContext ctx) {",
                        "        execs++;",
                        "        return 0;",
                        "    }",
                        "}"));
        assertThat(compilation).succeeded();
        Class<?> skeletonClass = new CompiledClasses(compilation).loadClass("demo.ExecsSkeleton");
        try (AutoCloseable skeleton = (AutoCloseable) skeletonClass.getMethod("load").invoke(null)) {
            skeletonClass.getMethod("attach").invoke(skeleton);
            for (int i = 0; i < 3; i++) {
                assertEquals(0, new ProcessBuilder("/bin/true").start().waitFor());
            }
            long execs = (long) skeletonClass.getMethod("execs").invoke(skeleton);
            assertTrue(execs >= 3, "the attached tracepoint saw " + execs + " execs");
        }
    }

    @Test
    void attachOneProgramToATargetChosenAtRunTime() throws Exception {
        Compilation compilation = Compiler.javac().withProcessors(new BpfProcessor()).compile(
                JavaFileObjects.forSourceLines("demo.LateExecs",
                        "package demo;",
                        "import org.bpf4j.annotation.*;",
                        "import org.bpf4j.lang.*;",
                        "public final class LateExecs {",
                        "    static long execs;",
                        // No target: the section is a bare "tracepoint" and the skeleton has no attach().
                        "    @BpfProgram(type = ProgramType.TRACEPOINT)",
                        "    static int onExec(TracepointContext ctx) {",
                        "        execs++;",
                        "        return 0;",
                        "    }",
                        "}"));
        assertThat(compilation).succeeded();
        Class<?> skeletonClass = new CompiledClasses(compilation).loadClass("demo.LateExecsSkeleton");
        try (AutoCloseable skeleton = (AutoCloseable) skeletonClass.getMethod("load").invoke(null)) {
            assertThrows(NoSuchMethodException.class, () -> skeletonClass.getMethod("attach"));
            assertEquals(0, new ProcessBuilder("/bin/true").start().waitFor());
            assertEquals(0L, skeletonClass.getMethod("execs").invoke(skeleton), "not attached by load()");
            AutoCloseable link = (AutoCloseable) skeletonClass.getMethod("attachOnExec", String.class)
                    .invoke(skeleton, "sched/sched_process_exec");
            assertEquals(0, new ProcessBuilder("/bin/true").start().waitFor());
            long seen = (long) skeletonClass.getMethod("execs").invoke(skeleton);
            assertTrue(seen >= 1, "the tracepoint saw " + seen + " execs");
            link.close();
            long before = (long) skeletonClass.getMethod("execs").invoke(skeleton);
            assertEquals(0, new ProcessBuilder("/bin/true").start().waitFor());
            assertEquals(before, skeletonClass.getMethod("execs").invoke(skeleton), "detached");
        }
    }

    @Test
    void classWithMapsOnlyStillGetsAnObject() throws Exception {
        Compilation compilation = Compiler.javac().withProcessors(new BpfProcessor()).compile(
                JavaFileObjects.forSourceLines("demo.Shared",
                        "package demo;",
                        "import org.bpf4j.annotation.*;",
                        "import org.bpf4j.lang.*;",
                        "public final class Shared {",
                        "    @BpfMap(maxEntries = 8) static BpfHashMap<Integer, Long> table;",
                        "}"));
        assertThat(compilation).succeeded();
        Class<?> skeletonClass = new CompiledClasses(compilation).loadClass("demo.SharedSkeleton");
        try (AutoCloseable skeleton = (AutoCloseable) skeletonClass.getMethod("load").invoke(null)) {
            @SuppressWarnings("unchecked")
            BpfHashMap<Integer, Long> table = (BpfHashMap<Integer, Long>) skeletonClass.getMethod("table").invoke(skeleton);
            assertTrue(table.put(3, 30L));
            assertEquals(30L, table.get(3));
        }
    }

    @Test
    void objectLoadsAndRunsThroughTheRuntime() {
        byte[] elf = classes.file("META-INF/bpf/demo.Verdict.bpf.o");
        try (LoadedObject object = BpfObjectFile.open(elf, "verdict").load()) {
            LoadedProgram program = object.program("decide");
            assertEquals(2, program.testRun(PACKET).retval(), "XDP_PASS from the .rodata default");
        }
    }

    @Test
    void skeletonLifecycle() throws Exception {
        Class<?> skeletonClass = classes.loadClass("demo.VerdictSkeleton");
        Object opened = skeletonClass.getMethod("open").invoke(null);
        opened.getClass().getMethod("verdict", int.class).invoke(opened, 1);
        try (AutoCloseable skeleton = (AutoCloseable) opened.getClass().getMethod("load").invoke(opened)) {
            LoadedProgram program = (LoadedProgram) skeletonClass.getMethod("decide").invoke(skeleton);
            assertEquals(1, program.testRun(PACKET).retval(), "XDP_DROP set through Opened.verdict");
            program.testRun(PACKET);
            assertEquals(2L, skeletonClass.getMethod("runs").invoke(skeleton), ".bss counter");
            assertEquals(1, skeletonClass.getMethod("verdict").invoke(skeleton));
            @SuppressWarnings("unchecked")
            BpfArrayMap<Long> hits = (BpfArrayMap<Long>) skeletonClass.getMethod("hits").invoke(skeleton);
            assertEquals(2L, hits.get(1));
            assertEquals(0L, hits.get(0));
            skeletonClass.getMethod("runs", long.class).invoke(skeleton, 40L);
            program.testRun(PACKET);
            assertEquals(41L, skeletonClass.getMethod("runs").invoke(skeleton), "Java write seen by the program");

            BpfRingBuffer<?> events = (BpfRingBuffer<?>) skeletonClass.getMethod("events").invoke(skeleton);
            List<Object> received = new ArrayList<>();
            try (RecordReader reader = events.reader(received::add)) {
                assertEquals(3, reader.drain(), "one record per run");
            }
            Object last = received.get(2);
            assertEquals((byte) 7, last.getClass().getField("tag").get(last));
            assertEquals(41L, last.getClass().getField("seq").get(last), "decoded by the generated codec");
        }
    }
}
