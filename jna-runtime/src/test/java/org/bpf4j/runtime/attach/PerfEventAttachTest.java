package org.bpf4j.runtime.attach;

import static org.bpf4j.runtime.attach.TestPrograms.*;
import static org.junit.jupiter.api.Assertions.*;

import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.sys.Fd;
import org.junit.jupiter.api.Test;

/** A perf event program on the software cpu-clock runs at the event's period, and stops when detached. */
@KernelTest
class PerfEventAttachTest {

    @Test
    void cpuClockProgramRunsPeriodicallyUntilClosed() {
        try (KernelMap counts = counters("t_pe_cnt", 1);
             LoadedProgram prog = load("t_cpu_clock", PERF_EVENT, everyRun(counts.fd().get(), 0))) {
            try (Link link = Attach.cpuClock(prog, 0, 1_000_000)) {
                assertTrue(link.isBpfLink(), link.description());
                assertTrue(Await.atLeast(20, () -> counter(counts, 0)) >= 20, "cpu-clock samples counted");
            }
            long atClose = counter(counts, 0);
            Await.settle();
            assertEquals(atClose, counter(counts, 0), "detached on close");
        }
    }

    @Test
    void aPerfEventTheCallerOpenedIsOwnedByTheLink() {
        try (KernelMap counts = counters("t_pe_cnt2", 1);
             LoadedProgram prog = load("t_cpu_clock2", PERF_EVENT, everyRun(counts.fd().get(), 0))) {
            Fd event = new PerfEventAttr(PerfEventAttr.TYPE_SOFTWARE, 0).samplePeriod(1_000_000).open(-1, 0, "test event");
            try (Link link = Attach.perfEvent(prog, event)) {
                assertTrue(Await.atLeast(10, () -> counter(counts, 0)) >= 10, "samples counted");
            }
            assertFalse(event.isOpen(), "closing the link closed the event");
        }
    }
}
