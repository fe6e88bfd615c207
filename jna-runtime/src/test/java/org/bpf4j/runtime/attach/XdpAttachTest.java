package org.bpf4j.runtime.attach;

import static org.bpf4j.runtime.attach.TestPrograms.*;
import static org.junit.jupiter.api.Assertions.*;

import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfFsMount;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.junit.jupiter.api.Test;

@KernelTest
class XdpAttachTest {
    static final int PORT = 9101;

    @Test
    void bpfLinkSeesAndDropsUdpSentFromTheNamespaceUntilClosed() {
        try (NetNs ns = new NetNs("xl");
             KernelMap counts = counters("t_xdp_cnt", 1);
             LoadedProgram prog = load("t_xdp_udp", XDP, udpPortCounter(0, 4, PORT, counts.fd().get(), XDP_DROP, XDP_PASS))) {
            try (Link link = Attach.xdp(prog, ns.hostIf, XdpMode.DEFAULT)) {
                assertTrue(link.isBpfLink(), link.description());
                assertTrue(ExternalProcess.stdoutOf("ip", "link", "show", ns.hostIf).contains("prog/xdp"));
                ns.sendUdp(5, PORT);
                assertEquals(5, Await.atLeast(5, () -> counter(counts, 0)));
            }
            assertFalse(ExternalProcess.stdoutOf("ip", "link", "show", ns.hostIf).contains("prog/xdp"), "detached on close");
            ns.sendUdp(3, PORT);
            Await.settle();
            assertEquals(5, counter(counts, 0));
        }
    }

    @Test
    void linkUpdateSwapsTheProgramAndPinningKeepsItAttached() throws Exception {
        String pin = "/sys/fs/bpf/bpf4j_xdp_link_" + ProcessHandle.current().pid();
        try (NetNs ns = new NetNs("xu");
             KernelMap first = counters("t_xdp_first", 1);
             KernelMap second = counters("t_xdp_second", 1);
             LoadedProgram a = load("t_xdp_a", XDP, udpPortCounter(0, 4, PORT, first.fd().get(), XDP_DROP, XDP_PASS));
             LoadedProgram b = load("t_xdp_b", XDP, udpPortCounter(0, 4, PORT, second.fd().get(), XDP_DROP, XDP_PASS))) {
            try (Link link = Attach.xdp(a, ns.hostIf, XdpMode.GENERIC)) {
                ns.sendUdp(2, PORT);
                assertEquals(2, Await.atLeast(2, () -> counter(first, 0)));
                link.update(b);
                ns.sendUdp(3, PORT);
                assertEquals(3, Await.atLeast(3, () -> counter(second, 0)));
                assertEquals(2, counter(first, 0));
                BpfFsMount.ensure();
                link.pin(pin);
            }
            ns.sendUdp(1, PORT);
            assertEquals(4, Await.atLeast(4, () -> counter(second, 0)), "a pinned link outlives its Link");
            try (Link reopened = Link.openPinned(pin)) {
                assertEquals(b.info().id(), reopened.programId());
            }
        } finally {
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(pin));
        }
    }

    @Test
    void netlinkAttachmentInGenericModeCountsAndDetaches() {
        try (NetNs ns = new NetNs("xn");
             KernelMap counts = counters("t_xdp_cnt2", 1);
             LoadedProgram prog = load("t_xdp_udp2", XDP, udpPortCounter(0, 4, PORT, counts.fd().get(), XDP_PASS, XDP_PASS))) {
            try (Link link = Attach.xdpLegacy(prog, ns.hostIf, XdpMode.GENERIC)) {
                assertFalse(link.isBpfLink());
                assertTrue(ExternalProcess.stdoutOf("ip", "link", "show", ns.hostIf).contains("xdpgeneric"));
                ns.sendUdp(4, PORT);
                assertEquals(4, Await.atLeast(4, () -> counter(counts, 0)));
                assertThrows(BpfException.class, () -> link.pin("/sys/fs/bpf/never"));
            }
            assertFalse(ExternalProcess.stdoutOf("ip", "link", "show", ns.hostIf).contains("xdpgeneric"), "detached on close");
        }
    }

    @Test
    void closingAfterTheInterfaceVanishedIsQuiet() {
        try (KernelMap counts = counters("t_xdp_cnt5", 1);
             LoadedProgram prog = load("t_xdp_gone", XDP, everyRun(counts.fd().get(), XDP_PASS));
             LoadedProgram tc = load("t_tc_gone", SCHED_CLS, everyRun(counts.fd().get(), TC_ACT_OK))) {
            NetNs ns = new NetNs("xg");
            Link netlink;
            Link bpfLink;
            try {
                netlink = Attach.xdpLegacy(prog, ns.hostIf, XdpMode.GENERIC);
                bpfLink = Attach.tc(tc, ns.hostIf, TcDirection.INGRESS);
            } finally {
                ns.close();
            }
            assertDoesNotThrow(netlink::close);
            assertDoesNotThrow(bpfLink::close);
        }
    }

    @Test
    void bpfLinkReportsItsIdsAsBpftoolDoes() {
        try (NetNs ns = new NetNs("xi");
             KernelMap counts = counters("t_xdp_cnt6", 1);
             LoadedProgram prog = load("t_xdp_ids", XDP, everyRun(counts.fd().get(), XDP_PASS));
             Link link = Attach.xdp(prog, ns.hostIf, XdpMode.GENERIC)) {
            assertEquals(prog.info().id(), link.programId());
            String shown = ExternalProcess.stdoutOf("bpftool", "link", "show", "id", Integer.toString(link.id()));
            assertTrue(shown.contains("xdp") && shown.contains("prog " + prog.info().id()), shown);
        }
    }

    @Test
    void aSecondNetlinkProgramIsRefusedWithTheKernelsReason() {
        try (NetNs ns = new NetNs("xb");
             KernelMap counts = counters("t_xdp_cnt3", 1);
             LoadedProgram prog = load("t_xdp_udp3", XDP, everyRun(counts.fd().get(), XDP_PASS));
             Link first = Attach.xdpLegacy(prog, ns.hostIf, XdpMode.GENERIC)) {
            var e = assertThrows(BpfException.class,
                    () -> Attach.xdpLegacy(prog, ns.hostIf, XdpMode.GENERIC));
            assertTrue(e.getMessage().contains(ns.hostIf), e.getMessage());
            assertTrue(first.isOpen());
        }
    }

    @Test
    void unknownInterfaceAndWrongProgramTypeAreNamed() {
        try (KernelMap counts = counters("t_xdp_cnt4", 1);
             LoadedProgram tc = load("t_not_xdp", SCHED_CLS, everyRun(counts.fd().get(), TC_ACT_OK));
             LoadedProgram xdp = load("t_xdp_any", XDP, everyRun(counts.fd().get(), XDP_PASS))) {
            var missing = assertThrows(BpfNotFoundException.class, () -> Attach.xdp(xdp, "nosuchif0", XdpMode.DEFAULT));
            assertTrue(missing.getMessage().contains("'nosuchif0' does not exist"), missing.getMessage());
            var wrong = assertThrows(IllegalArgumentException.class, () -> Attach.xdp(tc, "lo", XdpMode.DEFAULT));
            assertTrue(wrong.getMessage().contains("tc classifier program; XDP needs a XDP program"), wrong.getMessage());
        }
    }
}
