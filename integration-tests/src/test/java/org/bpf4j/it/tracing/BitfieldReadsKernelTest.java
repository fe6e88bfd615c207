package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bpf4j.it.tracing.BitfieldReads.Exec;
import org.bpf4j.it.tracing.BitfieldReads.Reuse;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BitfieldReads} reads kernel bitfields this test sets: {@code sched_reset_on_fork} of a
 * child started by {@code chrt --reset-on-fork} and of one started without (probe reads and
 * direct loads), and {@code skc_reuse}/{@code skc_reuseport} of loopback connections made with
 * and without {@code SO_REUSEADDR}/{@code SO_REUSEPORT}. libbpf relocates the same object to the
 * same translated code as our loader.
 */
@KernelTest
class BitfieldReadsKernelTest {
    @Test
    void readsSchedResetOnForkOfChildrenStartedWithAndWithoutIt() throws Exception {
        String chrt = Prerequisites.requireTool("chrt").toString();
        int self = (int) ProcessHandle.current().pid();
        try (BitfieldReadsSkeleton skeleton = BitfieldReadsSkeleton.open().parent(self).load().attach()) {
            long reset = run(chrt, "--reset-on-fork", "--other", "0", "true");
            long plain = run(chrt, "--other", "0", "true");
            for (long pid : new long[] {reset, plain}) {
                int expected = pid == reset ? 1 : 0;
                Exec e = skeleton.execs().get((int) pid);
                assertNotNull(e, "the exec tracepoint saw child " + pid);
                assertEquals(expected, e.resetOnFork, "sched_reset_on_fork read with bpf_probe_read_kernel, child " + pid);
                assertTrue(List.of(1, 2, 4, 8).contains(e.unitSize), "the storage unit's size: " + e.unitSize);
                assertEquals(expected, skeleton.typedExecs().get((int) pid), "sched_reset_on_fork read with a direct load, child " + pid);
            }
        }
    }

    private static long run(String... command) throws Exception {
        Process child = new ProcessBuilder(command).inheritIO().start();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS) && child.exitValue() == 0, String.join(" ", command));
        return child.pid();
    }

    @Test
    void readsTheReuseBitsOfSocketsThroughSockCommon() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET).bind(loopback);
             BitfieldReadsSkeleton skeleton = BitfieldReadsSkeleton.load().attach();
             SocketChannel reusing = client(true);
             SocketChannel accepted = connect(reusing, server);
             SocketChannel plain = client(false);
             SocketChannel acceptedToo = connect(plain, server)) {
            Reuse r = skeleton.sockets().get(port(reusing.getLocalAddress()));
            assertNotNull(r, "tp_btf/inet_sock_set_state saw the connect with SO_REUSEADDR");
            assertEquals(1, r.reuse, "skc_reuse: SK_CAN_REUSE");
            assertEquals(1, r.reusePort, "skc_reuseport");
            Reuse p = skeleton.sockets().get(port(plain.getLocalAddress()));
            assertNotNull(p, "tp_btf/inet_sock_set_state saw the connect without");
            assertEquals(0, p.reuse, "skc_reuse: SK_NO_REUSE");
            assertEquals(0, p.reusePort, "skc_reuseport");
        }
    }

    private static SocketChannel client(boolean reuse) throws IOException {
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
        client.setOption(StandardSocketOptions.SO_REUSEADDR, reuse);
        client.setOption(StandardSocketOptions.SO_REUSEPORT, reuse);
        return client;
    }

    private static SocketChannel connect(SocketChannel client, ServerSocketChannel server) throws IOException {
        client.connect(server.getLocalAddress());
        return server.accept();
    }

    private static int port(SocketAddress address) {
        return ((InetSocketAddress) address).getPort();
    }

    @Test
    void libbpfAppliesTheBitfieldRelocationsAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (BitfieldReadsSkeleton ours = BitfieldReadsSkeleton.load()) {
            var dumps = ToolObjects.sameTranslatedCode(BitfieldReadsSkeleton.class, BitfieldReadsSkeleton.RESOURCE, ours,
                    p -> (switch (p) {
                        case "execProbed" -> ours.execProbed();
                        case "execTyped" -> ours.execTyped();
                        default -> ours.connecting();
                    }).info().id(), List.of("execProbed", "execTyped", "connecting"), tmp);
            assertTrue(dumps.get("execProbed").contains("call bpf_probe_read_kernel"), dumps.get("execProbed"));
            assertFalse(dumps.get("connecting").contains("call bpf_probe_read_kernel"), dumps.get("connecting"));
        }
    }
}
