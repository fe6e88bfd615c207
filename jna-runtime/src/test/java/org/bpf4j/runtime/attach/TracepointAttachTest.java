package org.bpf4j.runtime.attach;

import static org.bpf4j.runtime.attach.TestPrograms.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.junit.jupiter.api.Test;

/** sched_process_exec through a tracepoint and a raw tracepoint: every process the test starts is seen. */
@KernelTest
class TracepointAttachTest {

    @Test
    void tracepointSeesEveryProcessTheTestStarts() throws Exception {
        try (KernelMap pids = pidSet("t_tp_pids");
             LoadedProgram prog = load("t_tp_exec", TRACEPOINT, recordPid(pids.fd().get()))) {
            List<Long> started;
            try (Link link = Attach.tracepoint(prog, "sched", "sched_process_exec")) {
                assertTrue(link.isBpfLink(), link.description());
                started = startProcesses(3);
                for (long pid : started) assertTrue(containsPid(pids, pid), "exec of pid " + pid + " seen");
            }
            long after = startProcesses(1).get(0);
            assertFalse(containsPid(pids, after), "detached on close");
        }
    }

    @Test
    void rawTracepointSeesEveryProcessTheTestStarts() throws Exception {
        try (KernelMap pids = pidSet("t_rtp_pids");
             LoadedProgram prog = load("t_rtp_exec", RAW_TRACEPOINT, recordPid(pids.fd().get()));
             Link link = Attach.rawTracepoint(prog, "sched_process_exec")) {
            for (long pid : startProcesses(2)) assertTrue(containsPid(pids, pid), "exec of pid " + pid + " seen");
        }
    }

    @Test
    void ioctlAttachmentOfOlderKernelsSeesTheProcessesToo() throws Exception {
        try (KernelMap pids = pidSet("t_tpi_pids");
             LoadedProgram prog = load("t_tpi_exec", TRACEPOINT, recordPid(pids.fd().get()))) {
            try (Link link = PerfEventAttach.viaIoctl(prog,
                    PerfEventAttach.tracepointEvent("sched", "sched_process_exec", "test"), "ioctl test")) {
                assertFalse(link.isBpfLink());
                for (long pid : startProcesses(2)) assertTrue(containsPid(pids, pid), "exec of pid " + pid + " seen");
            }
            assertFalse(containsPid(pids, startProcesses(1).get(0)), "detached on close");
        }
    }

    @Test
    void unknownTracepointsAreNamed() {
        try (KernelMap pids = pidSet("t_tp_pids2");
             LoadedProgram tp = load("t_tp_none", TRACEPOINT, recordPid(pids.fd().get()));
             LoadedProgram raw = load("t_rtp_none", RAW_TRACEPOINT, recordPid(pids.fd().get()))) {
            var e = assertThrows(BpfNotFoundException.class, () -> Attach.tracepoint(tp, "sched", "no_such_event"));
            assertTrue(e.getMessage().contains("tracepoint sched:no_such_event does not exist"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Attach.tracepoint(tp, "../..", "x"));
            var r = assertThrows(BpfNotFoundException.class, () -> Attach.rawTracepoint(raw, "no_such_raw_tp"));
            assertTrue(r.getMessage().contains("no_such_raw_tp"), r.getMessage());
        }
    }

    /** Starts {@code n} short processes and waits for them; returns their pids. */
    static List<Long> startProcesses(int n) throws Exception {
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Process p = new ProcessBuilder("/bin/true").start();
            pids.add(p.pid());
            assertEquals(0, p.waitFor());
        }
        return pids;
    }
}
