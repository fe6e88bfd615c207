package org.bpf4j.guide.exec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.spi.RecordReader;
import org.junit.jupiter.api.Test;

@KernelTest
class ExecTracerKernelTest {
    @Test
    void reportsEveryExecWithItsCommand() throws Exception {
        Set<Long> truePids = ConcurrentHashMap.newKeySet();
        try (ExecTracerSkeleton tracer = ExecTracerSkeleton.load().attach();      // attach() uses the target
             RecordReader reader = tracer.execs().reader(e -> {
                 if (e.command().equals("true")) truePids.add((long) e.pid);
             })) {
            List<Long> started = new ArrayList<>();
            for (int i = 0; i < 3; i++) started.add(runTrue());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!truePids.containsAll(started) && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(100));        // calls the consumer for each record waiting
            }

            assertTrue(truePids.containsAll(started), () -> "started " + started + ", seen " + truePids);
        }
    }

    private static long runTrue() throws Exception {
        Process p = new ProcessBuilder("/bin/true").start();
        p.waitFor();
        return p.pid();
    }
}
