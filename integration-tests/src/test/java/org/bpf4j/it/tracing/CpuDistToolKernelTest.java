package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bpf4j.it.tracing.SchedWorkload.Observed;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.samples.tracing.CpuDistSkeleton;
import org.bpf4j.samples.tracing.CpuDistTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cpudist, filtered to a process that spins 20 ms then sleeps 20 ms, again and again, against the
 * scheduler's own account of it ({@code /proc/PID/schedstat}) over the same seconds: one time
 * counted per switch, the histogram's slots bounding its time on the CPU (off it with
 * {@code -O}), and the sleeps' 20 ms off it. libbpf and our loader give the object the same code.
 */
@KernelTest
class CpuDistToolKernelTest {
    private static final String BURSTS = "for (;;) { my $end = time + 0.02; 1 while time < $end; sleep 0.02 }";
    /** The slot of a 20 ms sleep in microseconds: [16384, 32768). */
    private static final int SLEEP_SLOT = 14;

    @Test
    void theBurstsTimesOnTheCpuAreCountedAsTheSchedulerCountsThem() throws Exception {
        try (SchedWorkload work = new SchedWorkload()) {
            Process bursts = work.perl(BURSTS);
            Observed o = observe(bursts, false);
            SchedWorkload.assertOnePerSwitch(o);
            SchedWorkload.assertBounded("time on the CPU", o.sched().runNs(), o, 1000);
        }
    }

    @Test
    void offCpuTheSleepsAreCounted() throws Exception {
        try (SchedWorkload work = new SchedWorkload()) {
            Process bursts = work.perl(BURSTS);
            Observed o = observe(bursts, true);
            SchedWorkload.assertOnePerSwitch(o);
            SchedWorkload.assertBounded("time off the CPU", o.windowNs() - o.sched().runNs(), o, 1000);
            // each burst ends in a 20 ms sleep: up to 50 in 2 s, about ten on 6.1 under emulation (the VM)
            long sleeps = Arrays.stream(o.slots(), SLEEP_SLOT, o.slots().length).sum();
            assertTrue(sleeps >= 5, "times off the CPU of 16 ms or more: " + o);
        }
    }

    @Test
    void libbpfLoadsTheObjectAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (CpuDistSkeleton ours = CpuDistSkeleton.load()) {
            ToolObjects.sameTranslatedCode(CpuDistSkeleton.class, CpuDistSkeleton.RESOURCE, ours,
                    p -> ours.cpudistSwitch().info().id(), List.of("cpudistSwitch"), tmp);
        }
    }

    private static Observed observe(Process p, boolean offCpu) throws Exception {
        try (CpuDistTool tool = CpuDistTool.attach((int) p.pid(), offCpu, false)) {
            return SchedWorkload.observe(p, tool::take);
        }
    }
}
