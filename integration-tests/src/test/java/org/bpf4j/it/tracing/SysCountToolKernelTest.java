package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.samples.tracing.SysCountSkeleton;
import org.bpf4j.samples.tracing.SysCountTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * syscount, filtered to a child shell that waits on its input before it calls {@code kill(2)}
 * (a builtin) on itself a hundred times with signal 0, counts exactly a hundred {@code kill}
 * calls, and prints them first. libbpf and our loader give the object the same code.
 */
@KernelTest
class SysCountToolKernelTest {
    private static final int CALLS = 100;

    @Test
    void aChildsHundredKillCallsAreCounted() throws Exception {
        Map<Integer, String> names = SysCountTool.names();
        Prerequisites.require("the kernel headers' asm/unistd_64.h", names.containsValue("kill"));
        int kill = names.entrySet().stream().filter(e -> e.getValue().equals("kill")).findFirst().orElseThrow().getKey();
        Process child = new ProcessBuilder("/bin/sh", "-c",
                "read go; i=0; while [ $i -lt " + CALLS + " ]; do kill -0 $$; i=$((i+1)); done").start();
        try (SysCountTool tool = SysCountTool.attach((int) child.pid())) {
            try (OutputStream in = child.getOutputStream()) {
                in.write('\n');
            }
            assertTrue(child.waitFor(10, TimeUnit.SECONDS) && child.exitValue() == 0, "the shell finished");
            Map<Integer, Long> counts = tool.counts();
            assertEquals(CALLS, counts.getOrDefault(kill, 0L), counts.toString());
            assertTrue(SysCountTool.lines(counts, names, 10).get(0).matches("kill +" + CALLS), counts.toString());
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void libbpfLoadsTheObjectAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (SysCountSkeleton ours = SysCountSkeleton.load()) {
            ToolObjects.sameTranslatedCode(SysCountSkeleton.class, SysCountSkeleton.RESOURCE, ours,
                    p -> ours.syscount().info().id(), List.of("syscount"), tmp);
        }
    }
}
