package org.bpf4j.runtime.attach;

import static org.bpf4j.runtime.attach.TestPrograms.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.junit.jupiter.api.Test;

/** Attach.auto picks the attach kind from the program's ELF section, as a skeleton's attach() does. */
@KernelTest
class AutoAttachTest {
    static final int PORT = 9103;

    /** The same loaded program as if it came from {@code section} of an object file. */
    private static LoadedProgram inSection(LoadedProgram loaded, String section) {
        return new LoadedProgram(loaded.fd(), loaded.name(), section, loaded.type(), loaded.expectedAttachType());
    }

    @Test
    void tracepointAndRawTracepointTargetsComeFromTheSection() throws Exception {
        try (KernelMap pids = pidSet("t_auto_pids");
             LoadedProgram tp = load("t_auto_tp", TRACEPOINT, recordPid(pids.fd().get()));
             LoadedProgram raw = load("t_auto_raw", RAW_TRACEPOINT, recordPid(pids.fd().get()))) {
            LoadedProgram tpSection = inSection(tp, "tracepoint/sched/sched_process_exec");
            LoadedProgram rawSection = inSection(raw, "raw_tp/sched_process_exec");
            assertTrue(Attach.hasTargetInSection(tpSection));
            assertTrue(Attach.hasTargetInSection(rawSection));
            try (Link a = Attach.auto(tpSection)) {
                assertTrue(a.description().contains("sched:sched_process_exec"), a.description());
                long pid = TracepointAttachTest.startProcesses(1).get(0);
                assertTrue(containsPid(pids, pid));
            }
            try (Link b = Attach.auto(rawSection)) {
                long pid = TracepointAttachTest.startProcesses(1).get(0);
                assertTrue(containsPid(pids, pid));
            }
        }
    }

    @Test
    void xdpAndTcTakeTheInterfaceFromTheTarget() {
        try (NetNs ns = new NetNs("au");
             KernelMap xdpCounts = counters("t_auto_xdp", 1);
             KernelMap tcCounts = counters("t_auto_tc", 1);
             LoadedProgram xdp = load("t_auto_xdp", XDP, udpPortCounter(0, 4, PORT, xdpCounts.fd().get(), XDP_PASS, XDP_PASS));
             LoadedProgram tc = load("t_auto_tc", SCHED_CLS, udpPortCounter(76, 80, PORT, tcCounts.fd().get(), TC_ACT_OK, TC_ACT_OK))) {
            LoadedProgram xdpSection = inSection(xdp, "xdp");
            LoadedProgram tcSection = inSection(tc, "tc");
            assertFalse(Attach.hasTargetInSection(xdpSection));
            try (Link x = Attach.auto(xdpSection, ns.hostIf + ":generic");
                 Link t = Attach.auto(tcSection, ns.hostIf + ":ingress")) {
                assertTrue(ExternalProcess.stdoutOf("ip", "link", "show", ns.hostIf).contains("xdpgeneric"));
                ns.sendUdp(3, PORT);
                assertEquals(3, Await.atLeast(3, () -> counter(xdpCounts, 0)));
                assertEquals(3, Await.atLeast(3, () -> counter(tcCounts, 0)));
            }
            var noTarget = assertThrows(IllegalArgumentException.class, () -> Attach.auto(xdpSection));
            assertTrue(noTarget.getMessage().contains("needs an interface name"), noTarget.getMessage());
            var badMode = assertThrows(IllegalArgumentException.class, () -> Attach.auto(xdpSection, ns.hostIf + ":turbo"));
            assertTrue(badMode.getMessage().contains("'turbo'"), badMode.getMessage());
        }
    }

    @Test
    void cgroupHookComesFromTheSection() throws Exception {
        Path cgroup = Files.createDirectory(Cgroups.v2Mount().resolve("bpf4j-auto-" + ProcessHandle.current().pid()));
        try (KernelMap counts = counters("t_auto_cg", 1);
             LoadedProgram prog = load("t_auto_cg", CGROUP_SOCK_ADDR, CgroupAttachType.CONNECT4.kernelValue,
                     redirectConnect(1, 2, counts.fd().get()));
             Link link = Attach.auto(inSection(prog, "cgroup/connect4"), cgroup.toString())) {
            assertTrue(link.description().contains("connect4"), link.description());
            String shown = ExternalProcess.stdoutOf("bpftool", "cgroup", "show", cgroup.toString());
            assertTrue(shown.contains("t_auto_cg"), shown);
        } finally {
            Files.deleteIfExists(cgroup);
        }
    }

    @Test
    void kindsThatNeedAnObjectOrNoSectionAreExplained() {
        try (KernelMap counts = counters("t_auto_misc", 1);
             LoadedProgram socket = load("t_auto_sock", SOCKET_FILTER, everyRun(counts.fd().get(), 0));
             LoadedProgram perf = load("t_auto_perf", PERF_EVENT, everyRun(counts.fd().get(), 0))) {
            var s = assertThrows(IllegalArgumentException.class, () -> Attach.auto(inSection(socket, "socket"), "x"));
            assertTrue(s.getMessage().contains("Attach.socketFilter"), s.getMessage());
            var p = assertThrows(IllegalArgumentException.class, () -> Attach.auto(inSection(perf, "perf_event")));
            assertTrue(p.getMessage().contains("Attach.cpuClock"), p.getMessage());
            var none = assertThrows(IllegalArgumentException.class, () -> Attach.auto(socket));
            assertTrue(none.getMessage().contains("not loaded from an ELF section"), none.getMessage());
        }
    }
}
