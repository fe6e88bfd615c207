package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.samples.tracing.MountSnoopSkeleton;
import org.bpf4j.samples.tracing.MountSnoopTool;
import org.bpf4j.samples.tracing.MountSnoopTool.Mount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mountsnoop sees {@code mount(8)} mount a tmpfs in a mount namespace of its own
 * ({@code unshare -m}, so nothing leaks to the machine): the source the test named, the target
 * directory, the type and 0; and a mount of a file system type no kernel has fails with
 * {@code -ENODEV}. libbpf and our loader give the object the same code.
 */
@KernelTest
class MountSnoopToolKernelTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final int ENODEV = 19;

    @Test
    void aTmpfsMountInANamespacePrintsItsArgumentsAndResult(@TempDir Path tmp) throws Exception {
        String unshare = Prerequisites.requireTool("unshare").toString();
        String source = "bpf4j-" + UUID.randomUUID().toString().substring(0, 8);
        Path target = tmp.toRealPath();
        List<Mount> seen = new CopyOnWriteArrayList<>();
        try (MountSnoopTool tool = MountSnoopTool.attach(seen::add)) {
            Process ok = new ProcessBuilder(unshare, "-m", "mount", "-t", "tmpfs", source, target.toString()).inheritIO().start();
            assertTrue(ok.waitFor(10, TimeUnit.SECONDS) && ok.exitValue() == 0, "mount of a tmpfs");
            Process bad = new ProcessBuilder(unshare, "-m", "mount", "-t", "bpf4jfs", source + "-bad", target.toString()).start();
            assertTrue(bad.waitFor(10, TimeUnit.SECONDS) && bad.exitValue() != 0, "mount of an unknown type fails");

            Mount m = await(tool, seen, x -> x.source().equals(source));
            assertEquals(target.toString(), m.target());
            assertEquals("tmpfs", m.fstype());
            assertEquals(0, m.ret());
            assertEquals("mount", m.comm());
            assertEquals(m.pid(), m.tid(), "mount(8) is single-threaded");
            assertTrue(m.toString().matches("mount +" + m.pid() + " +" + m.pid() + " +mount\\(\"" + source + "\", \"" + target
                    + "\", \"tmpfs\", 0x[0-9a-f]+\\) = 0"), m.toString());
            Mount failed = await(tool, seen, x -> x.source().equals(source + "-bad"));
            assertEquals("bpf4jfs", failed.fstype());
            assertEquals(-ENODEV, failed.ret());
        }
    }

    @Test
    void minusXPrintsOnlyTheFailedMounts(@TempDir Path tmp) throws Exception {
        String unshare = Prerequisites.requireTool("unshare").toString();
        String source = "bpf4j-x-" + UUID.randomUUID().toString().substring(0, 8);
        Path target = tmp.toRealPath();
        List<String> lines = new CopyOnWriteArrayList<>();
        try (MountSnoopTool tool = MountSnoopTool.print(new String[] {"-x"}, lines::add)) {
            Process ok = new ProcessBuilder(unshare, "-m", "mount", "-t", "tmpfs", source, target.toString()).inheritIO().start();
            assertTrue(ok.waitFor(10, TimeUnit.SECONDS) && ok.exitValue() == 0, "mount of a tmpfs");
            Process bad = new ProcessBuilder(unshare, "-m", "mount", "-t", "bpf4jfs", source + "-bad", target.toString()).start();
            assertTrue(bad.waitFor(10, TimeUnit.SECONDS) && bad.exitValue() != 0, "mount of an unknown type fails");
            String failed = ToolLines.await(tool, lines, l -> l.contains("mount(\"" + source + "-bad\""));
            assertTrue(failed.endsWith(" = -" + ENODEV), failed);
            assertFalse(lines.stream().anyMatch(l -> l.contains("mount(\"" + source + "\"")), "the mount that succeeded is left out: " + lines);
        }
    }

    @Test
    void libbpfLoadsTheObjectAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (MountSnoopSkeleton ours = MountSnoopSkeleton.load()) {
            ToolObjects.sameTranslatedCode(MountSnoopSkeleton.class, MountSnoopSkeleton.RESOURCE, ours,
                    p -> (p.equals("mountsnoopEnter") ? ours.mountsnoopEnter() : ours.mountsnoopExit()).info().id(),
                    List.of("mountsnoopEnter", "mountsnoopExit"), tmp);
        }
    }

    private static Mount await(MountSnoopTool tool, List<Mount> seen, Predicate<Mount> wanted) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            tool.poll(Duration.ofMillis(100));
            for (Mount m : seen) {
                if (wanted.test(m)) return m;
            }
        }
        throw new AssertionError("no such mount within " + PATIENCE + " among " + seen);
    }
}
