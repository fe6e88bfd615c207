package org.bpf4j.runtime.attach;

import static org.bpf4j.runtime.attach.TestPrograms.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.junit.jupiter.api.Test;

/** An sk_lookup program linked to a namespace the test made sees the UDP lookups of datagrams arriving there. */
@KernelTest
class NetnsAttachTest {
    static final int PORT = 9104, ATTACH_SK_LOOKUP = 36;

    @Test
    void skLookupRunsForDatagramsArrivingInTheNamespace() throws Exception {
        try (NetNs ns = new NetNs("sl");
             KernelMap counts = counters("t_skl_cnt", 1);
             LoadedProgram prog = load("t_sk_lookup", SK_LOOKUP, ATTACH_SK_LOOKUP, everyRun(counts.fd().get(), 1));
             DatagramChannel sender = ns.hostSender()) {
            try (Link link = Attach.netns(prog, ns.file())) {
                assertTrue(link.isBpfLink());
                for (int i = 0; i < 3; i++) sender.send(ByteBuffer.wrap(new byte[] {7}), ns.nsSocket(PORT));
                assertEquals(3, Await.atLeast(3, () -> counter(counts, 0)));
            }
            sender.send(ByteBuffer.wrap(new byte[] {7}), ns.nsSocket(PORT));
            Await.settle();
            assertEquals(3, counter(counts, 0), "detached on close");
        }
    }

    @Test
    void missingNamespaceAndWrongProgramAreNamed() {
        try (KernelMap counts = counters("t_skl_cnt2", 1);
             LoadedProgram lookup = load("t_sk_lookup2", SK_LOOKUP, ATTACH_SK_LOOKUP, everyRun(counts.fd().get(), 1));
             LoadedProgram xdp = load("t_not_skl", XDP, everyRun(counts.fd().get(), XDP_PASS))) {
            var missing = assertThrows(BpfNotFoundException.class, () -> Attach.netns(lookup, Path.of("/run/netns/nope-x")));
            assertTrue(missing.getMessage().contains("/run/netns/nope-x does not exist"), missing.getMessage());
            var wrong = assertThrows(IllegalArgumentException.class, () -> Attach.netns(xdp, Path.of("/proc/self/ns/net")));
            assertTrue(wrong.getMessage().contains("needs a sk_lookup or flow dissector program"), wrong.getMessage());
        }
    }
}
