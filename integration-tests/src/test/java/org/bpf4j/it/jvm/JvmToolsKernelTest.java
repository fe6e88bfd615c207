package org.bpf4j.it.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.samples.jvm.ClassLoadsTool;
import org.bpf4j.samples.jvm.GcPausesTool;
import org.bpf4j.samples.jvm.JitCompilationsTool;
import org.bpf4j.samples.jvm.ThreadLifecycleTool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM tools of {@code org.bpf4j.samples.jvm} on a child JVM of JDK 17 and of JDK 25, which
 * runs a known workload ({@link JvmWorkload}) while they watch it through HotSpot's probes.
 */
@KernelTest
class JvmToolsKernelTest {
    static final int GCS = 5;

    @ParameterizedTest
    @ValueSource(strings = {"/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/temurin-25-jdk-amd64"})
    void theGcToolCountsExactlyTheCollectionsTheChildAskedFor(String javaHome) throws Exception {
        try (ChildJvm child = ChildJvm.start(Path.of(javaHome), GCS); GcPausesTool tool = GcPausesTool.attach(child.pid())) {
            child.run();
            GcPausesTool.Stats stats = tool.stats();
            assertEquals(GCS, stats.full(), stats.toString());
            assertEquals(GCS, stats.collections(), "no collection the child did not ask for: " + stats);
            assertEquals(GCS, java.util.Arrays.stream(stats.histogram()).sum(), "every pause ended");
            assertTrue(stats.pauseNs() > 0, stats.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/temurin-25-jdk-amd64"})
    void theJitToolNamesTheCompilationsOfTheHotLoop(String javaHome) throws Exception {
        List<JitCompilationsTool.Compilation> seen = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start(Path.of(javaHome), 0);
                JitCompilationsTool tool = JitCompilationsTool.attach(child.pid(), seen::add)) {
            child.run();
            while (tool.poll(Duration.ofMillis(100)) > 0) {
                // until every record is read
            }
        }
        List<JitCompilationsTool.Compilation> hot = seen.stream()
                .filter(c -> c.className().equals("org/bpf4j/it/jvm/JvmWorkload") && c.method().equals("hotLoop")).toList();
        assertTrue(hot.stream().anyMatch(c -> c.success() && c.durationNs() > 0), "compilations of hotLoop: " + hot);
        assertTrue(hot.stream().allMatch(c -> c.compiler().matches("C1|C2")), hot.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/temurin-25-jdk-amd64"})
    void theClassToolSeesTheClassTheChildLoadsOnPurpose(String javaHome) throws Exception {
        List<ClassLoadsTool.Load> seen = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start(Path.of(javaHome), 0);
                ClassLoadsTool tool = ClassLoadsTool.attach(child.pid(), seen::add)) {
            child.run();
            while (tool.poll(Duration.ofMillis(100)) > 0) {
                // until every record is read
            }
        }
        assertEquals(1, seen.stream().filter(l -> l.className().equals(JvmWorkload.LoadedOnPurpose.class.getName())).count(),
                seen.toString());
        assertTrue(seen.stream().noneMatch(l -> l.className().equals(JvmWorkload.class.getName())),
                "loaded before attaching: " + seen);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/temurin-25-jdk-amd64"})
    void theThreadToolSeesTheThreadsTheChildStartsOnPurposeStartAndStop(String javaHome) throws Exception {
        List<ThreadLifecycleTool.Change> seen = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start(Path.of(javaHome), 0);
                ThreadLifecycleTool tool = ThreadLifecycleTool.attach(child.pid(), seen::add)) {
            child.run();
            while (tool.poll(Duration.ofMillis(100)) > 0) {
                // until every record is read
            }
        }
        List<ThreadLifecycleTool.Change> workers = seen.stream().filter(c -> c.name().startsWith(JvmWorkload.THREAD_NAME)).toList();
        List<String> names = IntStream.range(0, JvmWorkload.THREADS).mapToObj(i -> JvmWorkload.THREAD_NAME + i).toList();
        assertEquals(names, threads(workers, true).stream().map(ThreadLifecycleTool.Change::name).toList(), seen.toString());
        assertEquals(threads(workers, true).stream().map(ThreadLifecycleTool.Change::javaId).toList(),
                threads(workers, false).stream().map(ThreadLifecycleTool.Change::javaId).toList(), "each stop is its start's thread");
        assertTrue(workers.stream().allMatch(c -> !c.daemon() && c.nativeId() > 0), workers.toString());
    }

    /** The starts or the stops, by name. */
    private static List<ThreadLifecycleTool.Change> threads(List<ThreadLifecycleTool.Change> changes, boolean started) {
        return changes.stream().filter(c -> c.started() == started).sorted(Comparator.comparing(ThreadLifecycleTool.Change::name))
                .toList();
    }
}
