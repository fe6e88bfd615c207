package org.bpf4j.runtime.attach;

import static org.bpf4j.runtime.attach.TestPrograms.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.junit.jupiter.api.Test;

/** Attaching and closing, by every route, leaves this process with the descriptors it had. */
@KernelTest
class NoLeakTest {

    @Test
    void attachCloseCyclesLeaveNoDescriptorBehind() throws Exception {
        Path cgroup = Files.createDirectory(Cgroups.v2Mount().resolve("bpf4j-leak-" + ProcessHandle.current().pid()));
        try (NetNs ns = new NetNs("nl");
             KernelMap counts = counters("t_leak_cnt", 1);
             LoadedProgram xdp = load("t_leak_xdp", XDP, everyRun(counts.fd().get(), XDP_PASS));
             LoadedProgram tc = load("t_leak_tc", SCHED_CLS, everyRun(counts.fd().get(), TC_ACT_OK));
             LoadedProgram tp = load("t_leak_tp", TRACEPOINT, everyRun(counts.fd().get(), 0));
             LoadedProgram cg = load("t_leak_cg", CGROUP_SOCK_ADDR, CgroupAttachType.CONNECT4.kernelValue,
                     redirectConnect(1, 2, counts.fd().get()))) {
            cycle(xdp, tc, tp, cg, ns, cgroup); // warm up: JNA and the JDK open files of their own once
            long before = openDescriptors();
            for (int i = 0; i < 3; i++) cycle(xdp, tc, tp, cg, ns, cgroup);
            assertEquals(before, openDescriptors());
        } finally {
            Files.deleteIfExists(cgroup);
        }
    }

    private static void cycle(LoadedProgram xdp, LoadedProgram tc, LoadedProgram tp, LoadedProgram cg, NetNs ns, Path cgroup) {
        Attach.xdp(xdp, ns.hostIf, XdpMode.GENERIC).close();
        Attach.xdpLegacy(xdp, ns.hostIf, XdpMode.GENERIC).close();
        Attach.tc(tc, ns.hostIf, TcDirection.EGRESS).close();
        Attach.tcLegacy(tc, ns.hostIf, TcDirection.INGRESS).close();
        Attach.tracepoint(tp, "sched", "sched_process_exec").close();
        Attach.cgroup(cg, cgroup, CgroupAttachType.CONNECT4).close();
        Attach.cgroupLegacy(cg, cgroup, CgroupAttachType.CONNECT4).close();
        assertThrows(RuntimeException.class, () -> Attach.tracepoint(tp, "sched", "no_such_event"));
        assertThrows(RuntimeException.class, () -> Attach.xdp(xdp, "nosuchif0", XdpMode.DEFAULT));
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
