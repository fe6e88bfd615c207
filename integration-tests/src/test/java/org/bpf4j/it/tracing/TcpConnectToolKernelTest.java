package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
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
import org.bpf4j.samples.tracing.TcpConnectSkeleton;
import org.bpf4j.samples.tracing.TcpConnectTool;
import org.bpf4j.samples.tracing.TcpConnectTool.Connect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tcpconnect, filtered to this JVM, sees the test's connects to its own listeners on
 * 127.0.0.1 and {@code ::1}, each with the listener's address and port; a child's connect is
 * filtered out. fexit programs: the host refuses them, the 6.1 VM runs them. libbpf and our loader
 * give the object the same code.
 */
@KernelTest
class TcpConnectToolKernelTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @BeforeEach
    void fexitLoads() {
        Prerequisites.requireKernelSupport("fentry/fexit programs (tracing loads refused)",
                FeatureProbes.programType(ProgramType.FEXIT.kernelProgType()));
    }

    @Test
    void connectsPrintTheDestinationAndOtherProcessesAreFilteredOut() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        List<Connect> seen = new CopyOnWriteArrayList<>();
        try (TcpConnectTool tool = TcpConnectTool.attach(self, seen::add);
                ServerSocketChannel server4 = ServerSocketChannel.open(StandardProtocolFamily.INET)
                        .bind(new InetSocketAddress("127.0.0.1", 0));
                ServerSocketChannel server6 = ServerSocketChannel.open(StandardProtocolFamily.INET6)
                        .bind(new InetSocketAddress("::1", 0));
                SocketChannel client4 = SocketChannel.open(StandardProtocolFamily.INET);
                SocketChannel client6 = SocketChannel.open(StandardProtocolFamily.INET6)) {
            int port4 = ((InetSocketAddress) server4.getLocalAddress()).getPort();
            int port6 = ((InetSocketAddress) server6.getLocalAddress()).getPort();
            Process child = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import socket; socket.create_connection(('127.0.0.1', " + port4 + ")).close()").start();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "python finished");
            assertEquals(0, child.exitValue(), "the child connected");
            assertTrue(client4.connect(new InetSocketAddress("127.0.0.1", port4)));
            assertTrue(client6.connect(new InetSocketAddress("::1", port6)));

            Connect v4 = await(tool, seen, c -> c.ipVersion() == 4);
            assertEquals(new Connect(self, v4.comm(), 4, "127.0.0.1", port4), v4);
            assertTrue(v4.toString().matches(self + " +\\S+ +4 +127\\.0\\.0\\.1 +" + port4), v4.toString());
            Connect v6 = await(tool, seen, c -> c.ipVersion() == 6);
            assertEquals(new Connect(self, v4.comm(), 6, "::1", port6), v6);
            assertEquals(2, seen.size(), "one event per connect of this JVM, not the child's: " + seen);
        }
    }

    @Test
    void minusTPrintsTheTimeFirst() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        List<String> lines = new CopyOnWriteArrayList<>();
        try (TcpConnectTool tool = TcpConnectTool.print(new String[] {"-T", "-p", Integer.toString(self)}, lines::add);
                ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)
                        .bind(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET)) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            assertTrue(client.connect(new InetSocketAddress("127.0.0.1", port)));
            String line = ToolLines.await(tool, lines, l -> l.endsWith(" " + port));
            assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d " + self + " +\\S+ +4 +127\\.0\\.0\\.1 +" + port), line);
            assertTrue(lines.get(0).matches("TIME +PID +COMM .*"), lines.get(0));
        }
    }

    @Test
    void libbpfLoadsTheObjectAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (TcpConnectSkeleton ours = TcpConnectSkeleton.load()) {
            ToolObjects.sameTranslatedCode(TcpConnectSkeleton.class, TcpConnectSkeleton.RESOURCE, ours,
                    p -> (p.equals("tcpconnectV4") ? ours.tcpconnectV4() : ours.tcpconnectV6()).info().id(),
                    List.of("tcpconnectV4", "tcpconnectV6"), tmp);
        }
    }

    private static Connect await(TcpConnectTool tool, List<Connect> seen, Predicate<Connect> wanted) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            tool.poll(Duration.ofMillis(100));
            for (Connect c : seen) {
                if (wanted.test(c)) return c;
            }
        }
        throw new AssertionError("no such connect within " + PATIENCE + " among " + seen);
    }
}
