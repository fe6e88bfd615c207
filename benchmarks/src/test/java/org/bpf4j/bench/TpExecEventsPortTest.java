package org.bpf4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bpf4j.bench.ports.TpExecEvents.ExecEvent;
import org.bpf4j.bench.ports.TpExecEventsSkeleton;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.spi.RecordReader;
import org.junit.jupiter.api.Test;

/**
 * The tracepoint port in the kernel: compare can only load it (there is no test run for
 * tracepoints), so this attaches it and checks the record of a real exec.
 */
@KernelTest
class TpExecEventsPortTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void anExecArrivesWithItsPidUidTimeAndComm() throws Exception {
        List<ExecEvent> seen = new ArrayList<>();
        try (TpExecEventsSkeleton port = TpExecEventsSkeleton.load().attach();
                RecordReader reader = port.events().reader(seen::add)) {
            long before = System.nanoTime(); // CLOCK_MONOTONIC on Linux, as bpf_ktime_get_ns
            Process child = new ProcessBuilder("/bin/true").start();
            assertEquals(0, child.waitFor());
            long after = System.nanoTime();

            ExecEvent e = awaitExecOf(child.pid(), "true", reader, seen)
                    .orElseThrow(() -> new AssertionError("no exec event of /bin/true (pid " + child.pid() + ") within "
                            + PATIENCE + "; saw " + seen.size() + " events"));
            assertEquals(ownUid(), e.uid);
            assertTrue(e.ts >= before && e.ts <= after, "ts " + e.ts + " outside [" + before + ", " + after + "]");
        }
    }

    /** The event whose pid and comm match, polling until {@link #PATIENCE} runs out. */
    private static Optional<ExecEvent> awaitExecOf(long pid, String comm, RecordReader reader, List<ExecEvent> seen) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        int checked = 0;
        while (System.nanoTime() < deadline) {
            reader.poll(Duration.ofMillis(100));
            for (; checked < seen.size(); checked++) {
                ExecEvent e = seen.get(checked);
                if (e.pid == pid && comm.equals(comm(e))) return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The NUL-terminated task name bpf_get_current_comm wrote. */
    private static String comm(ExecEvent e) {
        int n = 0;
        while (n < e.comm.length && e.comm[n] != 0) n++;
        return new String(e.comm, 0, n, StandardCharsets.UTF_8);
    }

    private static int ownUid() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) return Integer.parseInt(line.split("\\s+")[1]);
        }
        fail("no Uid line in /proc/self/status");
        return -1;
    }
}
