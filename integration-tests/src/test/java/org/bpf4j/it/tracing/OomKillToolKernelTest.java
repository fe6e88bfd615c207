package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.samples.tracing.OomKillSkeleton;
import org.bpf4j.samples.tracing.OomKillTool;
import org.bpf4j.samples.tracing.OomKillTool.Kill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * oomkill sees the OOM killer end a child that reads {@code /dev/zero} without bound in a memory
 * cgroup of 32 MiB without swap: the child is the victim, and the task that ran out of memory
 * too, with its command name and at least the pages it was charged. libbpf and our loader give
 * the object the same code.
 */
@KernelTest
class OomKillToolKernelTest {
    private static final long LIMIT = 32 << 20, PAGE = 4096;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aChildOverItsCgroupsLimitIsReportedAsTheVictim() throws Exception {
        List<Kill> seen = new CopyOnWriteArrayList<>();
        try (MemoryCgroup cgroup = MemoryCgroup.create(LIMIT); OomKillTool tool = OomKillTool.attach(seen::add)) {
            Process child = cgroup.start("tail", "/dev/zero");
            try {
                assertTrue(child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the OOM killer ended the child");
                assertEquals(128 + 9, child.exitValue(), "killed by SIGKILL");
            } finally {
                child.destroyForcibly().waitFor();
            }
            Kill kill = await(tool, seen, (int) child.pid());
            assertEquals("tail", kill.victimComm());
            assertEquals((int) child.pid(), kill.triggerPid(), "the child's allocation ran out of memory: " + kill);
            assertEquals("tail", kill.triggerComm());
            assertTrue(kill.pages() >= LIMIT / 2 / PAGE, "the victim maps at least half the limit: " + kill);
            assertTrue(kill.toString().matches("Triggered by PID " + child.pid() + " \\(\"tail\"\\), OOM kill of PID "
                    + child.pid() + " \\(\"tail\"\\), \\d+ pages"), kill.toString());
        }
    }

    @Test
    void libbpfLoadsTheObjectAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (OomKillSkeleton ours = OomKillSkeleton.load()) {
            ToolObjects.sameTranslatedCode(OomKillSkeleton.class, OomKillSkeleton.RESOURCE, ours,
                    p -> ours.oomkill().info().id(), List.of("oomkill"), tmp);
        }
    }

    private static Kill await(OomKillTool tool, List<Kill> seen, int victim) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            tool.poll(Duration.ofMillis(100));
            for (Kill k : seen) {
                if (k.victimPid() == victim) return k;
            }
        }
        throw new AssertionError("no OOM kill of " + victim + " within " + PATIENCE + " among " + seen);
    }
}
