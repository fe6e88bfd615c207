package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.samples.tracing.SigSnoopSkeleton;
import org.bpf4j.samples.tracing.SigSnoopTool;
import org.bpf4j.samples.tracing.SigSnoopTool.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sigsnoop, filtered to this JVM as sender, sees the signals the test sends its children: the
 * signal, the target's pid and "delivered"; a child's own signals are filtered out. libbpf and our
 * loader give the object the same code.
 */
@KernelTest
class SigSnoopToolKernelTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final int SIGKILL = 9, SIGTERM = 15, SIGURG = 23, SIGWINCH = 28, DELIVERED = 0, IGNORED = 1;

    @Test
    void theSignalsThisJvmSendsArePrinted() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        List<Signal> seen = new CopyOnWriteArrayList<>();
        try (SigSnoopTool tool = SigSnoopTool.attach(self, seen::add)) {
            Process terminated = new ProcessBuilder("/bin/sleep", "30").start();
            Process killed = new ProcessBuilder("/bin/sleep", "30").start();
            Process selfKilling = new ProcessBuilder("/bin/sh", "-c", "kill -TERM $$").start();
            terminated.destroy();
            killed.destroyForcibly();
            for (Process p : List.of(terminated, killed, selfKilling)) {
                assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            }
            Signal term = await(tool, seen, s -> s.targetPid() == terminated.pid());
            assertEquals(SIGTERM, term.sig());
            assertEquals(self, term.pid());
            assertEquals(DELIVERED, term.result());
            Signal kill = await(tool, seen, s -> s.targetPid() == killed.pid());
            assertEquals(SIGKILL, kill.sig());
            assertTrue(kill.toString().matches(self + " +\\S.* +9 +" + killed.pid() + " +0"), kill.toString());
            assertTrue(seen.stream().allMatch(s -> s.pid() == self), "only this JVM's signals: " + seen);
        }
    }

    @Test
    void minusXPrintsOnlyTheSignalsNotDelivered() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (SigSnoopTool tool = SigSnoopTool.print(new String[] {"-x"}, lines::add)) {
            // a shell's default action ignores SIGWINCH and SIGURG: the kernel does not deliver them
            Process first = new ProcessBuilder("/bin/sh", "-c", "kill -WINCH $$; kill -TERM $$").start();
            assertTrue(first.waitFor(10, TimeUnit.SECONDS), "the first shell ended by its SIGTERM");
            Process second = new ProcessBuilder("/bin/sh", "-c", "kill -URG $$").start();
            assertTrue(second.waitFor(10, TimeUnit.SECONDS), "the second shell ended");
            String winch = ToolLines.await(tool, lines, l -> l.startsWith(first.pid() + " "));
            assertTrue(winch.matches(first.pid() + " +sh +" + SIGWINCH + " +" + first.pid() + " +" + IGNORED), winch);
            ToolLines.await(tool, lines, l -> l.matches(second.pid() + " +sh +" + SIGURG + " .*"));
            assertFalse(lines.stream().anyMatch(l -> l.matches(first.pid() + " +sh +" + SIGTERM + " .*")),
                    "the delivered SIGTERM is left out: " + lines);
        }
    }

    @Test
    void libbpfLoadsTheObjectAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (SigSnoopSkeleton ours = SigSnoopSkeleton.load()) {
            ToolObjects.sameTranslatedCode(SigSnoopSkeleton.class, SigSnoopSkeleton.RESOURCE, ours,
                    p -> ours.sigsnoop().info().id(), List.of("sigsnoop"), tmp);
        }
    }

    private static Signal await(SigSnoopTool tool, List<Signal> seen, Predicate<Signal> wanted) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            tool.poll(Duration.ofMillis(100));
            for (Signal s : seen) {
                if (wanted.test(s)) return s;
            }
        }
        throw new AssertionError("no such signal within " + PATIENCE + " among " + seen);
    }
}
