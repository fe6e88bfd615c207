package org.bpf4j.runtime.attach;

import static org.bpf4j.runtime.attach.TestPrograms.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Errno;
import org.bpf4j.runtime.probe.FeatureProbes;
import org.bpf4j.runtime.probe.LinkKind;
import org.junit.jupiter.api.Test;

@KernelTest
class TcAttachTest {
    static final int PORT = 9102;

    /** tcx where the kernel has it (6.6+), else the clsact fallback; the same packets count either way. */
    @Test
    void ingressCountsUdpFromTheNamespaceUntilClosedByTcxOrClsact() {
        boolean tcx = FeatureProbes.link(LinkKind.TCX);
        try (NetNs ns = new NetNs("tl");
             KernelMap counts = counters("t_tc_cnt", 1);
             LoadedProgram prog = load("t_tc_udp", SCHED_CLS, udpPortCounter(76, 80, PORT, counts.fd().get(), TC_ACT_SHOT, TC_ACT_OK))) {
            try (Link link = Attach.tc(prog, ns.hostIf, TcDirection.INGRESS)) {
                assertEquals(tcx, link.isBpfLink(), link.description());
                assertTrue(link.description().contains(tcx ? "(tcx link)" : "(clsact + cls_bpf)"), link.description());
                assertEquals(!tcx, ExternalProcess.stdoutOf("tc", "filter", "show", "dev", ns.hostIf, "ingress")
                        .contains("t_tc_udp"), "a cls_bpf filter only as the fallback");
                ns.sendUdp(6, PORT);
                assertEquals(6, Await.atLeast(6, () -> counter(counts, 0)));
            }
            ns.sendUdp(2, PORT);
            Await.settle();
            assertEquals(6, counter(counts, 0), "detached on close");
            assertFalse(ExternalProcess.stdoutOf("tc", "qdisc", "show", "dev", ns.hostIf).contains("clsact"),
                    "no qdisc left behind");
        }
    }

    /** The probe answers as the kernel does: a tcx LINK_CREATE on a real interface works exactly where it says so. */
    @Test
    void theTcxProbeAgreesWithALinkOnARealInterface() {
        try (NetNs ns = new NetNs("tp");
             KernelMap counts = counters("t_tc_cnt5", 1);
             LoadedProgram prog = load("t_tc_probe", SCHED_CLS, everyRun(counts.fd().get(), TC_ACT_OK))) {
            int ifindex = NetworkInterfaces.indexOf(ns.hostIf);
            Runnable link = () -> prog.fd().apply(p -> BpfSyscall.linkCreate(p, ifindex, KernelTypes.ATTACH_TCX_INGRESS, 0,
                    null, "tcx probe check")).close();
            if (FeatureProbes.link(LinkKind.TCX)) {
                link.run();
            } else {
                assertEquals(Errno.EINVAL, assertThrows(BpfException.class, link::run).errno());
            }
        }
    }

    @Test
    void clsactFilterCountsAndIsRemovedWithItsQdisc() {
        try (NetNs ns = new NetNs("tn");
             KernelMap counts = counters("t_tc_cnt2", 1);
             LoadedProgram prog = load("t_tc_udp2", SCHED_CLS, udpPortCounter(76, 80, PORT, counts.fd().get(), TC_ACT_OK, TC_ACT_OK))) {
            try (Link link = Attach.tcLegacy(prog, ns.hostIf, TcDirection.INGRESS)) {
                assertFalse(link.isBpfLink());
                String filters = ExternalProcess.stdoutOf("tc", "filter", "show", "dev", ns.hostIf, "ingress");
                assertTrue(filters.contains("t_tc_udp2") && filters.contains("direct-action"), filters);
                ns.sendUdp(3, PORT);
                assertEquals(3, Await.atLeast(3, () -> counter(counts, 0)));
            }
            assertFalse(ExternalProcess.stdoutOf("tc", "qdisc", "show", "dev", ns.hostIf).contains("clsact"), "qdisc removed");
        }
    }

    @Test
    void aClsactQdiscMadeByOthersIsKeptAndADuplicateFilterRefused() {
        try (NetNs ns = new NetNs("tq");
             KernelMap counts = counters("t_tc_cnt4", 1);
             LoadedProgram prog = load("t_tc_dup", SCHED_CLS, everyRun(counts.fd().get(), TC_ACT_OK))) {
            ExternalProcess.stdoutOf("tc", "qdisc", "add", "dev", ns.hostIf, "clsact");
            try (Link first = Attach.tcLegacy(prog, ns.hostIf, TcDirection.INGRESS)) {
                var e = assertThrows(BpfException.class, () -> Attach.tcLegacy(prog, ns.hostIf, TcDirection.INGRESS));
                assertTrue(e.getMessage().contains("priority 1, handle 1") && e.getMessage().contains("EEXIST"),
                        e.getMessage());
                assertTrue(ExternalProcess.stdoutOf("tc", "filter", "show", "dev", ns.hostIf, "ingress").contains("t_tc_dup"));
            }
            assertFalse(ExternalProcess.stdoutOf("tc", "filter", "show", "dev", ns.hostIf, "ingress").contains("t_tc_dup"));
            assertTrue(ExternalProcess.stdoutOf("tc", "qdisc", "show", "dev", ns.hostIf).contains("clsact"), "not ours to remove");
        }
    }

    @Test
    void egressSeesUdpTheHostSendsIntoTheNamespace() throws Exception {
        try (NetNs ns = new NetNs("te");
             KernelMap counts = counters("t_tc_cnt3", 1);
             LoadedProgram prog = load("t_tc_egr", SCHED_CLS, udpPortCounter(76, 80, PORT, counts.fd().get(), TC_ACT_SHOT, TC_ACT_OK));
             DatagramChannel sender = ns.hostSender()) {
            try (Link link = Attach.tc(prog, ns.hostIf, TcDirection.EGRESS)) {
                for (int i = 0; i < 4; i++) sender.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), ns.nsSocket(PORT));
                assertEquals(4, Await.atLeast(4, () -> counter(counts, 0)));
            }
            sender.send(ByteBuffer.wrap(new byte[] {1}), ns.nsSocket(PORT));
            Await.settle();
            assertEquals(4, counter(counts, 0), "detached on close");
        }
    }
}
