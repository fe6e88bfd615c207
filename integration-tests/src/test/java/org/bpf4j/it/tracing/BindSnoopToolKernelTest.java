package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.runtime.probe.FeatureProbes;
import org.bpf4j.samples.tracing.BindSnoopSkeleton;
import org.bpf4j.samples.tracing.BindSnoopTool;
import org.bpf4j.samples.tracing.BindSnoopTool.Bind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bindsnoop, filtered to this JVM, sees the sockets the test binds on loopback: a TCP socket on
 * 127.0.0.1 port 0 (any), a second one on the port the first got, refused with
 * {@code -EADDRINUSE}, and a UDP socket on {@code ::1}, each with its protocol, port and address;
 * a child's bind is filtered out. fexit programs: the host refuses them, the 6.1 VM runs them.
 * libbpf and our loader give the object the same code.
 */
@KernelTest
class BindSnoopToolKernelTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final int EADDRINUSE = 98, TCP = 6, UDP = 17;

    @BeforeEach
    void fexitLoads() {
        Prerequisites.requireKernelSupport("fentry/fexit programs (tracing loads refused)",
                FeatureProbes.programType(ProgramType.FEXIT.kernelProgType()));
    }

    @Test
    void bindsPrintProtocolPortAndAddressAndOtherProcessesAreFilteredOut() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        List<Bind> seen = new CopyOnWriteArrayList<>();
        try (BindSnoopTool tool = BindSnoopTool.attach(self, seen::add);
                ServerSocketChannel tcp = ServerSocketChannel.open(StandardProtocolFamily.INET);
                ServerSocketChannel taken = ServerSocketChannel.open(StandardProtocolFamily.INET);
                DatagramChannel udp6 = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            Process child = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import socket; socket.socket().bind(('127.0.0.2', 0))").start();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "python finished");
            assertEquals(0, child.exitValue(), "the child bound its socket");
            tcp.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
            assertThrows(BindException.class, () -> taken.bind(new InetSocketAddress("127.0.0.1", port)));
            udp6.bind(new InetSocketAddress("::1", port));

            Bind any = await(tool, seen, b -> b.ret() == 0 && b.protocol() == TCP);
            assertEquals(new Bind(self, any.comm(), 0, TCP, 0, "127.0.0.1"), any, "port 0: any port");
            Bind refused = await(tool, seen, b -> b.ret() != 0);
            assertEquals(new Bind(self, any.comm(), -EADDRINUSE, TCP, port, "127.0.0.1"), refused);
            assertTrue(refused.toString().matches(self + " +\\S+ +-" + EADDRINUSE + " +TCP +" + port + " +127\\.0\\.0\\.1"),
                    refused.toString());
            Bind v6 = await(tool, seen, b -> b.protocol() == UDP);
            assertEquals(new Bind(self, any.comm(), 0, UDP, port, "::1"), v6);
            assertFalse(seen.stream().anyMatch(b -> b.pid() != self || b.address().equals("127.0.0.2")),
                    "only this JVM's binds: " + seen);
        }
    }

    @Test
    void minusXPrintsOnlyTheFailedBindsMinusTTheTimeFirst() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        List<String> lines = new CopyOnWriteArrayList<>();
        try (BindSnoopTool tool = BindSnoopTool.print(new String[] {"-p", Integer.toString(self), "-T", "-x"}, lines::add);
                ServerSocketChannel tcp = ServerSocketChannel.open(StandardProtocolFamily.INET);
                ServerSocketChannel taken = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            tcp.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
            assertThrows(BindException.class, () -> taken.bind(new InetSocketAddress("127.0.0.1", port)));
            String refused = ToolLines.await(tool, lines, l -> l.contains(" -" + EADDRINUSE + " "));
            assertTrue(refused.matches("\\d\\d:\\d\\d:\\d\\d " + self + " +\\S+ +-" + EADDRINUSE + " +TCP +" + port + " +127\\.0\\.0\\.1"),
                    refused);
            assertTrue(lines.get(0).matches("TIME +PID +COMM .*"), lines.get(0));
            assertEquals(2, lines.size(), "the header and the refused bind, not the one that succeeded: " + lines);
        }
    }

    @Test
    void libbpfLoadsTheObjectAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (BindSnoopSkeleton ours = BindSnoopSkeleton.load()) {
            ToolObjects.sameTranslatedCode(BindSnoopSkeleton.class, BindSnoopSkeleton.RESOURCE, ours,
                    p -> (p.equals("bindsnoopV4") ? ours.bindsnoopV4() : ours.bindsnoopV6()).info().id(),
                    List.of("bindsnoopV4", "bindsnoopV6"), tmp);
        }
    }

    private static Bind await(BindSnoopTool tool, List<Bind> seen, Predicate<Bind> wanted) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            tool.poll(Duration.ofMillis(100));
            for (Bind b : seen) {
                if (wanted.test(b)) return b;
            }
        }
        throw new AssertionError("no such bind within " + PATIENCE + " among " + seen);
    }
}
