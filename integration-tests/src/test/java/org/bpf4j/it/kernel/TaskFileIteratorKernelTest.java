package org.bpf4j.it.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.attach.BpfIterator;
import org.junit.jupiter.api.Test;

/** {@link TaskFileIterator} finds a file this JVM holds open: its process, the descriptor number it holds, the file's inode. */
@KernelTest
class TaskFileIteratorKernelTest {
    @Test
    void findsAFileThisProcessHoldsOpen() throws IOException {
        long self = ProcessHandle.current().pid();
        Path file = Files.createTempFile("bpf4j-task-file", ".txt");
        try (FileChannel open = FileChannel.open(file, StandardOpenOption.READ);
             TaskFileIteratorSkeleton skeleton = TaskFileIteratorSkeleton.load();
             BpfIterator iterator = BpfIterator.attach(skeleton.openFiles())) {
            String expected = self + " " + descriptorOf(file) + " " + Files.getAttribute(file, "unix:ino");
            List<String> lines = iterator.read().lines().toList();
            assertTrue(lines.contains(expected), expected + " among " + lines.size() + " lines, this process's: "
                    + lines.stream().filter(l -> l.startsWith(self + " ")).limit(8).toList());
        } finally {
            Files.delete(file);
        }
    }

    /** The descriptor of this process that {@code file} is open at. */
    private static int descriptorOf(Path file) throws IOException {
        Path target = file.toRealPath();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) descriptors::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).equals(target)) return Integer.parseInt(fd.getFileName().toString());
                } catch (IOException closedMeanwhile) {
                    // the directory stream's own descriptor, gone by now
                }
            }
        }
        throw new AssertionError("no descriptor of this process holds " + file);
    }
}
