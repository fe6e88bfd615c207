package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.samples.tracing.ExecSnoopSkeleton;
import org.bpf4j.samples.tracing.ExecSnoopTool;
import org.bpf4j.samples.tracing.ExecSnoopTool.Exec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * execsnoop sees this JVM's children exec: the parent pid, read through CO-RE from
 * {@code task->real_parent->tgid}, is this JVM's; the file name is the one the test ran; a
 * failed exec reports its errno. libbpf and our loader give the object the same code.
 */
@KernelTest
class ExecSnoopToolKernelTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final int EACCES = 13;

    @Test
    void aChildsExecPrintsItsParentFileNameAndComm() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        List<Exec> seen = new CopyOnWriteArrayList<>();
        try (ExecSnoopTool tool = ExecSnoopTool.attach(seen::add)) {
            Process child = new ProcessBuilder("/bin/true").start();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "/bin/true finished");
            int pid = (int) child.pid();
            Exec e = await(tool, seen, x -> x.pid() == pid && x.filename().equals("/bin/true"));
            assertEquals(self, e.ppid(), "task->real_parent->tgid of the child is this JVM");
            assertEquals(0, e.ret());
            assertEquals("true", e.comm(), "comm after the exec");
            assertTrue(e.toString().matches("true +" + pid + " +" + self + " +0 /bin/true"), e.toString());
        }
    }

    @Test
    void aFailedExecPrintsItsErrno(@TempDir Path tmp) throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Path notExecutable = Files.writeString(tmp.resolve("not-executable"), "#!/bin/true\n");
        List<Exec> seen = new CopyOnWriteArrayList<>();
        try (ExecSnoopTool tool = ExecSnoopTool.attach(seen::add)) {
            assertThrows(IOException.class, () -> new ProcessBuilder(notExecutable.toString()).start());
            Exec e = await(tool, seen, x -> x.filename().equals(notExecutable.toString()));
            assertEquals(self, e.ppid(), "the child that tried is this JVM's");
            assertEquals(-EACCES, e.ret(), "execve of a file without x bits");
        }
    }

    @Test
    void minusXPrintsOnlyTheFailedExecsMinusTTheTimeFirst(@TempDir Path tmp) throws Exception {
        Path runs = Files.createSymbolicLink(tmp.resolve("execsnoop-x-runs"), Path.of("/bin/true"));
        Path notExecutable = Files.writeString(tmp.resolve("execsnoop-x-not-executable"), "#!/bin/true\n");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ExecSnoopTool tool = ExecSnoopTool.print(new String[] {"-T", "-x"}, lines::add)) {
            Process child = new ProcessBuilder(runs.toString()).start();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS) && child.exitValue() == 0, runs + " ran");
            assertThrows(IOException.class, () -> new ProcessBuilder(notExecutable.toString()).start());
            String failed = ToolLines.await(tool, lines, l -> l.endsWith(" " + notExecutable));
            assertTrue(failed.matches("\\d\\d:\\d\\d:\\d\\d \\S+ +\\d+ +\\d+ +-" + EACCES + " " + notExecutable), failed);
            assertFalse(lines.stream().anyMatch(l -> l.endsWith(" " + runs)), "the exec that succeeded is left out: " + lines);
        }
    }

    @Test
    void libbpfAppliesTheCoreRelocationsAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (ExecSnoopSkeleton ours = ExecSnoopSkeleton.load()) {
            var dumps = ToolObjects.sameTranslatedCode(ExecSnoopSkeleton.class, ExecSnoopSkeleton.RESOURCE, ours,
                    p -> (p.equals("execsnoopEnter") ? ours.execsnoopEnter() : ours.execsnoopExit()).info().id(),
                    List.of("execsnoopEnter", "execsnoopExit"), tmp);
            assertTrue(dumps.get("execsnoopEnter").contains("call bpf_probe_read_kernel"), dumps.get("execsnoopEnter"));
        }
    }

    private static Exec await(ExecSnoopTool tool, List<Exec> seen, Predicate<Exec> wanted) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            tool.poll(Duration.ofMillis(100));
            for (Exec e : seen) {
                if (wanted.test(e)) return e;
            }
        }
        throw new AssertionError("no such exec within " + PATIENCE + " among " + seen.size() + " seen");
    }
}
