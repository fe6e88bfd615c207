package org.bpf4j.it.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.attach.BpfIterator;
import org.junit.jupiter.api.Test;

/** {@link TaskIterator} lists this JVM with its parent, from the kernel's task list, on every read. */
@KernelTest
class TaskIteratorKernelTest {
    @Test
    void listsEveryProcessWithItsParent() {
        long self = ProcessHandle.current().pid();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        try (TaskIteratorSkeleton skeleton = TaskIteratorSkeleton.load();
             BpfIterator iterator = BpfIterator.attach(skeleton.processes())) {
            for (int pass = 0; pass < 2; pass++) {
                List<String> lines = iterator.read().lines().toList();
                assertEquals("tgid ppid", lines.get(0), "header on the first task");
                assertEquals("end", lines.get(lines.size() - 1), "the last call has no task");
                assertTrue(lines.contains(self + " " + parent), "this JVM and its parent among " + lines.size() + " lines");
            }
        }
    }
}
