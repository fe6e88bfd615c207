package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.samples.tracing.OpenSnoopSkeleton;
import org.bpf4j.samples.tracing.OpenSnoopTool;
import org.bpf4j.samples.tracing.OpenSnoopTool.Open;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * opensnoop, filtered to this JVM, sees the files the test opens: the path it named, the flags it
 * asked for, and as return value the very descriptor the JVM holds ({@code /proc/self/fd/<fd>}
 * links to the file) or {@code -ENOENT}; another process's opens are filtered out. libbpf and our
 * loader give the object the same code.
 */
@KernelTest
class OpenSnoopToolKernelTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final int O_ACCMODE = 03, O_WRONLY = 01, O_CREAT = 0100, O_EXCL = 0200, ENOENT = 2;

    @Test
    void anOpenPrintsThePathFlagsAndTheDescriptor(@TempDir Path tmp) throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Path created = tmp.resolve("opensnoop-created");
        List<Open> seen = new CopyOnWriteArrayList<>();
        try (OpenSnoopTool tool = OpenSnoopTool.attach(self, seen::add);
                FileChannel channel = FileChannel.open(created, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
            Open o = await(tool, seen, x -> x.path().equals(created.toString()));
            assertEquals(self, o.pid());
            assertTrue(o.ret() >= 0, o.toString());
            assertEquals(created, Files.readSymbolicLink(Path.of("/proc/self/fd/" + o.ret())), "the descriptor openat returned");
            assertEquals(O_WRONLY | O_CREAT | O_EXCL, o.flags() & (O_ACCMODE | O_CREAT | O_EXCL), Integer.toOctalString(o.flags()));
            assertTrue(o.toString().matches(self + " +\\S+ +" + o.ret() + " +0 [0-7]{8} " + created), o.toString());
        }
    }

    @Test
    void aMissingFilePrintsEnoentAndOtherProcessesAreFilteredOut(@TempDir Path tmp) throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Path missing = tmp.resolve("opensnoop-missing");
        Path byChild = Files.writeString(tmp.resolve("opensnoop-by-child"), "x");
        List<Open> seen = new CopyOnWriteArrayList<>();
        try (OpenSnoopTool tool = OpenSnoopTool.attach(self, seen::add)) {
            Process child = new ProcessBuilder("/bin/cat", byChild.toString()).start();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "cat finished");
            assertThrows(NoSuchFileException.class, () -> Files.newInputStream(missing).close());
            Open o = await(tool, seen, x -> x.path().equals(missing.toString()));
            assertEquals(-ENOENT, o.ret());
            assertTrue(o.toString().matches(self + " +\\S+ +-1 +" + ENOENT + " .*"), o.toString());
            assertFalse(seen.stream().anyMatch(x -> x.pid() != self || x.path().equals(byChild.toString())),
                    "only this JVM's opens: " + seen);
        }
    }

    @Test
    void minusXPrintsOnlyTheFailedOpensMinusTTheTimeFirst(@TempDir Path tmp) throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Path present = Files.writeString(tmp.resolve("opensnoop-x-present"), "x");
        Path missing = tmp.resolve("opensnoop-x-missing");
        List<String> lines = new CopyOnWriteArrayList<>();
        assertThrows(IllegalArgumentException.class, () -> OpenSnoopTool.print(new String[] {"-p", "me"}, lines::add));
        try (OpenSnoopTool tool = OpenSnoopTool.print(new String[] {"-x", "-T", "-p", Integer.toString(self)}, lines::add)) {
            assertEquals("x", Files.readString(present));
            assertThrows(NoSuchFileException.class, () -> Files.newInputStream(missing).close());
            String line = ToolLines.await(tool, lines, l -> l.endsWith(" " + missing));
            assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d " + self + " +\\S+ +-1 +" + ENOENT + " [0-7]{8} " + missing), line);
            assertTrue(lines.get(0).matches("TIME +PID +COMM .*"), lines.get(0));
            assertFalse(lines.stream().anyMatch(l -> l.endsWith(" " + present)), "the open that succeeded is left out: " + lines);
        }
    }

    @Test
    void libbpfLoadsTheObjectAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (OpenSnoopSkeleton ours = OpenSnoopSkeleton.load()) {
            ToolObjects.sameTranslatedCode(OpenSnoopSkeleton.class, OpenSnoopSkeleton.RESOURCE, ours,
                    p -> (p.equals("opensnoopEnter") ? ours.opensnoopEnter() : ours.opensnoopExit()).info().id(),
                    List.of("opensnoopEnter", "opensnoopExit"), tmp);
        }
    }

    private static Open await(OpenSnoopTool tool, List<Open> seen, Predicate<Open> wanted) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            tool.poll(Duration.ofMillis(100));
            for (Open o : seen) {
                if (wanted.test(o)) return o;
            }
        }
        throw new AssertionError("no such open within " + PATIENCE + " among " + seen.size() + " seen");
    }
}
