package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.bpf4j.it.tracing.SchedWorkload.Observed;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.samples.tracing.Log2Histogram;
import org.bpf4j.samples.tracing.RunqLatSkeleton;
import org.bpf4j.samples.tracing.RunqLatTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * runqlat, filtered to one process on a CPU it shares with others, against the scheduler's own
 * account of that process ({@code /proc/PID/schedstat}) over the same seconds: one wait counted
 * per time it was switched in, and the histogram's slots bound the time it waited in total.
 * libbpf and our loader give the object the same code.
 */
@KernelTest
class RunqLatToolKernelTest {
    @ParameterizedTest(name = "milliseconds {0}")
    @ValueSource(booleans = {false, true})
    void aHogsWaitsBehindTwoOthersAreCountedAsTheSchedulerCountsThem(boolean milliseconds) throws Exception {
        try (SchedWorkload work = new SchedWorkload()) {
            Process target = work.hogs(3).get(0);
            Observed o = observe(target, milliseconds);
            // three hogs on one CPU: each waits for the other two's slices, well over 100 µs at a time
            assertTrue(o.sched().waitNs() > 100_000 * o.sched().slices(), o.toString());
            assertMatches(o, milliseconds ? 1_000_000 : 1000);
        }
    }

    @Test
    void aSleepersWakeupsAreCounted() throws Exception {
        try (SchedWorkload work = new SchedWorkload()) {
            Process sleeper = work.perl("sleep 0.002 while 1");
            work.hogs(1);
            Observed o = observe(sleeper, false);
            // it sleeps 2 ms at a time: hundreds of wakeups in the window (fewer when the CPU is busy), each followed by a wait
            assertTrue(o.sched().slices() > 50, o.toString());
            assertMatches(o, 1000);
        }
    }

    @Test
    void minusTPrintsTheTimeBeforeTheHistogramOfASleepersWaits() throws Exception {
        try (SchedWorkload work = new SchedWorkload()) {
            Process sleeper = work.perl("sleep 0.002 while 1");
            try (RunqLatTool tool = RunqLatTool.attach((int) sleeper.pid(), false)) {
                Thread.sleep(500);
                List<String> printed = Log2Histogram.interval(true, tool.take(), "usecs");
                assertEquals("", printed.get(0));
                assertTrue(printed.get(1).matches("\\d\\d:\\d\\d:\\d\\d"), printed.get(1));
                assertTrue(printed.get(2).matches(" +usecs +: count +distribution"), printed.get(2));
                long counted = printed.stream().skip(3).mapToLong(l -> Long.parseLong(l.split(":")[1].trim().split(" +")[0])).sum();
                assertTrue(counted > 10, "the sleeper's wakeups in half a second: " + printed);
            }
        }
    }

    @Test
    void libbpfLoadsTheObjectAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (RunqLatSkeleton ours = RunqLatSkeleton.load()) {
            ToolObjects.sameTranslatedCode(RunqLatSkeleton.class, RunqLatSkeleton.RESOURCE, ours,
                    p -> switch (p) {
                        case "runqlatWakeup" -> ours.runqlatWakeup().info().id();
                        case "runqlatWakeupNew" -> ours.runqlatWakeupNew().info().id();
                        default -> ours.runqlatSwitch().info().id();
                    }, List.of("runqlatWakeup", "runqlatWakeupNew", "runqlatSwitch"), tmp);
        }
    }

    /** One wait counted per switch-in, and their total bounded by the slots. */
    private static void assertMatches(Observed o, long unitNs) {
        SchedWorkload.assertOnePerSwitch(o);
        SchedWorkload.assertBounded("time waited", o.sched().waitNs(), o, unitNs);
    }

    private static Observed observe(Process p, boolean milliseconds) throws Exception {
        try (RunqLatTool tool = RunqLatTool.attach((int) p.pid(), milliseconds)) {
            return SchedWorkload.observe(p, tool::take);
        }
    }
}
