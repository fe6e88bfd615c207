package org.bpf4j.it.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.samples.jvm.ClassLoadsTool;
import org.bpf4j.samples.jvm.GcPausesTool;
import org.bpf4j.samples.jvm.JitCompilationsTool;
import org.bpf4j.samples.jvm.JvmEvent;
import org.bpf4j.samples.jvm.JvmEvents;
import org.bpf4j.samples.jvm.ThreadLifecycleTool;
import org.junit.jupiter.api.Test;

/**
 * {@link JvmEvents} on the test's own JVM: the collections it asks for, a class and a thread it
 * creates on purpose and a method it makes hot arrive as typed events, the collectors named as
 * the JVM's own {@link GarbageCollectorMXBean}s name them.
 */
@KernelTest
class JvmEventsKernelTest {
    private static final int GCS = 3;
    private static final String THREAD = "bpf4j-jvm-events-test";
    /** Loaded by a class loader of its own, so that this load comes after the probes whatever loaded the class before. */
    private static final String ON_PURPOSE = JvmWorkload.class.getName() + "$LoadedOnPurpose";

    @Test
    void aServiceSeesItsOwnCollectionsClassesThreadsAndCompilations() throws Exception {
        List<JvmEvent> seen = new CopyOnWriteArrayList<>();
        Map<String, Long> collectionsBefore = collectionCounts();
        Thread worker = new Thread(() -> { }, THREAD);
        try (JvmEvents events = JvmEvents.watch(seen::add)) {
            for (int i = 0; i < GCS; i++) {
                System.gc();
            }
            loadAFreshCopy(ON_PURPOSE);
            worker.start();
            worker.join();
            long sum = 0;
            for (int i = 0; i < 200_000; i++) {
                sum += JvmWorkload.hotLoop(i);
            }
            assertTrue(sum != 1);
            await(seen, e -> e instanceof JitCompilationsTool.Compilation c && c.method().equals("hotLoop"));
            await(seen, e -> e instanceof ThreadLifecycleTool.Change c && !c.started() && c.name().equals(THREAD));
        }
        Map<String, Long> collectionsAfter = collectionCounts();

        List<GcPausesTool.Pause> full = seen.stream().filter(e -> e instanceof GcPausesTool.Pause p && p.full())
                .map(GcPausesTool.Pause.class::cast).toList();
        assertTrue(full.size() >= GCS, "the System.gc() pauses: " + full);
        for (GcPausesTool.Pause p : full) {
            assertTrue(collectionsAfter.getOrDefault(p.collector(), 0L) - collectionsBefore.getOrDefault(p.collector(), 0L) >= GCS,
                    p + " is named after a collector that ran the System.gc() pauses: " + collectionsBefore + " -> " + collectionsAfter);
            assertTrue(p.durationNs() > 0, p.toString());
        }
        assertEquals(1, seen.stream().filter(e -> e instanceof ClassLoadsTool.Load l
                && l.className().equals(ON_PURPOSE)).count(), "the class loaded on purpose");
        List<ThreadLifecycleTool.Change> changes = seen.stream()
                .filter(e -> e instanceof ThreadLifecycleTool.Change c && c.name().equals(THREAD))
                .map(ThreadLifecycleTool.Change.class::cast).toList();
        assertEquals(List.of(true, false), changes.stream().map(ThreadLifecycleTool.Change::started).toList(), changes.toString());
        assertTrue(changes.stream().allMatch(c -> c.javaId() == worker.getId()), changes.toString());
        assertTrue(seen.stream().anyMatch(e -> e instanceof ThreadLifecycleTool.Change c && c.name().equals(JvmEvents.THREAD_NAME)),
                "the delivering thread's own start is an event too");
    }

    private static void loadAFreshCopy(String name) throws Exception {
        URL classes = JvmWorkload.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes}, null)) {
            assertEquals(loader, Class.forName(name, true, loader).getClassLoader());
        }
    }

    private static Map<String, Long> collectionCounts() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .collect(Collectors.toMap(GarbageCollectorMXBean::getName, GarbageCollectorMXBean::getCollectionCount));
    }

    private static void await(List<JvmEvent> seen, Predicate<JvmEvent> wanted) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        while (seen.stream().noneMatch(wanted)) {
            assertTrue(Instant.now().isBefore(end), "no such event within 30 s among " + seen.size());
            Thread.sleep(20);
        }
    }
}
