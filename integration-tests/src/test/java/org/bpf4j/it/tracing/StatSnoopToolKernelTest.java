package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.samples.tracing.StatSnoopSkeleton;
import org.bpf4j.samples.tracing.StatSnoopTool;
import org.bpf4j.samples.tracing.StatSnoopTool.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * statsnoop, filtered to this JVM, sees the files the test stats ({@code Files.readAttributes}
 * calls glibc's {@code stat}, a {@code newfstatat}; {@code Files.exists} would call
 * {@code access}): the path it named with 0, or {@code -ENOENT} for a file that is not there;
 * another process's stats are filtered out. libbpf and our loader give the object the same code.
 */
@KernelTest
class StatSnoopToolKernelTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final int ENOENT = 2;

    @Test
    void aStatPrintsThePathAndZero(@TempDir Path tmp) throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Path file = Files.writeString(tmp.resolve("statsnoop-present"), "x");
        List<Stat> seen = new CopyOnWriteArrayList<>();
        try (StatSnoopTool tool = StatSnoopTool.attach(self, seen::add)) {
            assertEquals(1, Files.readAttributes(file, BasicFileAttributes.class).size());
            Stat s = await(tool, seen, x -> x.path().equals(file.toString()));
            assertEquals(self, s.pid());
            assertEquals(0, s.ret(), s.toString());
            assertTrue(s.toString().matches(self + " +\\S+ +0 +0 " + file), s.toString());
        }
    }

    @Test
    void aMissingFilePrintsEnoentAndOtherProcessesAreFilteredOut(@TempDir Path tmp) throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Path missing = tmp.resolve("statsnoop-missing");
        Path byChild = Files.writeString(tmp.resolve("statsnoop-by-child"), "x");
        List<Stat> seen = new CopyOnWriteArrayList<>();
        try (StatSnoopTool tool = StatSnoopTool.attach(self, seen::add)) {
            Process child = new ProcessBuilder("/usr/bin/stat", byChild.toString()).start();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "stat finished");
            assertEquals(0, child.exitValue(), "stat found the file");
            assertThrows(NoSuchFileException.class, () -> Files.readAttributes(missing, BasicFileAttributes.class));
            Stat s = await(tool, seen, x -> x.path().equals(missing.toString()));
            assertEquals(-ENOENT, s.ret());
            assertTrue(s.toString().matches(self + " +\\S+ +-" + ENOENT + " +" + ENOENT + " " + missing), s.toString());
            assertFalse(seen.stream().anyMatch(x -> x.pid() != self || x.path().equals(byChild.toString())),
                    "only this JVM's stats: " + seen);
        }
    }

    @Test
    void minusXPrintsOnlyTheFailedStats(@TempDir Path tmp) throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Path present = Files.writeString(tmp.resolve("statsnoop-x-present"), "x");
        Path missing = tmp.resolve("statsnoop-x-missing");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (StatSnoopTool tool = StatSnoopTool.print(new String[] {"-p", Integer.toString(self), "-x"}, lines::add)) {
            assertEquals(1, Files.readAttributes(present, BasicFileAttributes.class).size());
            assertThrows(NoSuchFileException.class, () -> Files.readAttributes(missing, BasicFileAttributes.class));
            String line = ToolLines.await(tool, lines, l -> l.endsWith(" " + missing));
            assertTrue(line.matches(self + " +\\S+ +-" + ENOENT + " +" + ENOENT + " " + missing), line);
            assertTrue(lines.get(0).startsWith("PID "), "no -T, no time: " + lines.get(0));
            assertFalse(lines.stream().anyMatch(l -> l.endsWith(" " + present)), "the stat that succeeded is left out: " + lines);
        }
    }

    @Test
    void libbpfLoadsTheObjectAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (StatSnoopSkeleton ours = StatSnoopSkeleton.load()) {
            ToolObjects.sameTranslatedCode(StatSnoopSkeleton.class, StatSnoopSkeleton.RESOURCE, ours,
                    p -> (switch (p) {
                        case "fstatatEnter" -> ours.fstatatEnter();
                        case "fstatatExit" -> ours.fstatatExit();
                        case "statxEnter" -> ours.statxEnter();
                        default -> ours.statxExit();
                    }).info().id(),
                    List.of("fstatatEnter", "fstatatExit", "statxEnter", "statxExit"), tmp);
        }
    }

    private static Stat await(StatSnoopTool tool, List<Stat> seen, Predicate<Stat> wanted) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            tool.poll(Duration.ofMillis(100));
            for (Stat s : seen) {
                if (wanted.test(s)) return s;
            }
        }
        throw new AssertionError("no such stat within " + PATIENCE + " among " + seen.size() + " seen");
    }
}
