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
import org.bpf4j.samples.tracing.ExitSnoopSkeleton;
import org.bpf4j.samples.tracing.ExitSnoopTool;
import org.bpf4j.samples.tracing.ExitSnoopTool.Exit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * exitsnoop sees this JVM's children end: the parent pid ({@code task->real_parent->tgid}), the
 * exit code ({@code task->exit_code}) and the age ({@code task->start_time}), all read through
 * CO-RE, agree with what the JVM saw: the status the child exited with, the signal that killed
 * it, a lifetime within the time the test waited. libbpf and our loader give the same code.
 */
@KernelTest
class ExitSnoopToolKernelTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final int SIGKILL = 9;

    @Test
    void aChildsExitPrintsItsParentStatusAndAge() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        List<Exit> seen = new CopyOnWriteArrayList<>();
        try (ExitSnoopTool tool = ExitSnoopTool.attach(seen::add)) {
            long before = System.nanoTime();
            Process child = new ProcessBuilder("/bin/sh", "-c", "sleep 0.2; exit 3").start();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the shell finished");
            long lived = System.nanoTime() - before;
            assertEquals(3, child.exitValue());
            int pid = (int) child.pid();
            Exit e = await(tool, seen, x -> x.pid() == pid);
            assertEquals(self, e.ppid(), "task->real_parent->tgid of the child is this JVM");
            assertEquals(3 << 8, e.exitCode(), "task->exit_code of exit(3)");
            assertEquals("sh", e.comm());
            assertTrue(e.ageNs() >= 200_000_000L && e.ageNs() <= lived, "age " + e.ageNs() + " ns, not in [0.2 s, " + lived + " ns]");
            assertTrue(e.toString().matches("sh +" + pid + " +" + self + " +\\d+\\.\\d\\d +code 3"), e.toString());
        }
    }

    @Test
    void aKilledChildPrintsTheSignal() throws Exception {
        List<Exit> seen = new CopyOnWriteArrayList<>();
        try (ExitSnoopTool tool = ExitSnoopTool.attach(seen::add)) {
            Process child = new ProcessBuilder("/bin/sleep", "30").start();
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "sleep was killed");
            int pid = (int) child.pid();
            Exit e = await(tool, seen, x -> x.pid() == pid);
            assertEquals(SIGKILL, e.signal(), "task->exit_code of a SIGKILL: " + e.exitCode());
            assertTrue(e.toString().endsWith(" signal 9"), e.toString());
        }
    }

    @Test
    void minusXPrintsOnlyTheFailedExitsMinusTTheTimeFirst() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ExitSnoopTool tool = ExitSnoopTool.print(new String[] {"-T", "-x"}, lines::add)) {
            Process fine = new ProcessBuilder("/bin/sh", "-c", "exit 0").start();
            assertTrue(fine.waitFor(10, TimeUnit.SECONDS) && fine.exitValue() == 0, "the first shell exited with 0");
            Process failed = new ProcessBuilder("/bin/sh", "-c", "exit 3").start();
            assertTrue(failed.waitFor(10, TimeUnit.SECONDS) && failed.exitValue() == 3, "the second shell exited with 3");
            String line = ToolLines.await(tool, lines, l -> l.matches("\\S+ +sh +" + failed.pid() + " .*"));
            assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d sh +" + failed.pid() + " +\\d+ +\\d+\\.\\d\\d +code 3"), line);
            assertFalse(lines.stream().anyMatch(l -> l.matches("\\S+ +sh +" + fine.pid() + " .*")), "the exit with 0 is left out: " + lines);
        }
    }

    @Test
    void minusPKeepsOneProcessesExits() throws Exception {
        Process watched = new ProcessBuilder("/bin/sh", "-c", "read line; exit 5").start();
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ExitSnoopTool tool = ExitSnoopTool.print(new String[] {"-p", Long.toString(watched.pid())}, lines::add)) {
            Process other = new ProcessBuilder("/bin/sh", "-c", "exit 0").start();
            assertTrue(other.waitFor(10, TimeUnit.SECONDS), "the other shell exited");
            watched.getOutputStream().close();
            assertTrue(watched.waitFor(10, TimeUnit.SECONDS), "the watched shell read its end of input and exited");
            String line = ToolLines.await(tool, lines, l -> l.matches("sh +" + watched.pid() + " .*"));
            assertTrue(line.endsWith(" code 5"), line);
            assertEquals(2, lines.size(), "the header and the watched shell's exit, not the other's: " + lines);
        }
    }

    @Test
    void libbpfAppliesTheCoreRelocationsAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (ExitSnoopSkeleton ours = ExitSnoopSkeleton.load()) {
            var dumps = ToolObjects.sameTranslatedCode(ExitSnoopSkeleton.class, ExitSnoopSkeleton.RESOURCE, ours,
                    p -> ours.exitsnoop().info().id(), List.of("exitsnoop"), tmp);
            assertTrue(dumps.get("exitsnoop").contains("call bpf_probe_read_kernel"), dumps.get("exitsnoop"));
        }
    }

    private static Exit await(ExitSnoopTool tool, List<Exit> seen, Predicate<Exit> wanted) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            tool.poll(Duration.ofMillis(100));
            for (Exit e : seen) {
                if (wanted.test(e)) return e;
            }
        }
        throw new AssertionError("no such exit within " + PATIENCE + " among " + seen.size() + " seen");
    }
}
