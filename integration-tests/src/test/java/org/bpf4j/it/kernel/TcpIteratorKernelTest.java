package org.bpf4j.it.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.attach.BpfIterator;
import org.junit.jupiter.api.Test;

/**
 * {@link TcpIterator} finds this test's IPv4 sockets: a listening one ({@code TCP_LISTEN}, 10)
 * and the client end of a connection to it ({@code TCP_ESTABLISHED}, 1), by local port, with
 * this process's uid as their owner.
 */
@KernelTest
class TcpIteratorKernelTest {
    private static final int AF_INET = 2;
    private static final int TCP_ESTABLISHED = 1;
    private static final int TCP_LISTEN = 10;

    @Test
    void findsAListeningAndAConnectedSocket() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        try (ServerSocketChannel server = listenAtOrAbove(loopback, 40_000);
             SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
             TcpIteratorSkeleton skeleton = TcpIteratorSkeleton.load();
             BpfIterator iterator = BpfIterator.attach(skeleton.sockets())) {
            client.connect(server.getLocalAddress());
            int listening = ((InetSocketAddress) server.getLocalAddress()).getPort();
            int connected = ((InetSocketAddress) client.getLocalAddress()).getPort();
            List<String> lines = iterator.read().lines().toList();
            assertTrue(connected >= 32768, "an ephemeral port, negative as a short: " + connected);
            for (String expected : List.of(line(listening, TCP_LISTEN, uid), line(connected, TCP_ESTABLISHED, uid))) {
                assertTrue(lines.contains(expected), expected + " among " + lines);
            }
        }
    }

    /** The iterator's line: the port also as the Java short it is declared as, which the JVM computes here. */
    private static String line(int port, int state, Object uid) {
        return AF_INET + " " + port + " " + (short) port + " " + state + " " + uid;
    }

    /** A listening IPv4 socket on the first free port from {@code port} on (all above 32767: negative as shorts). */
    private static ServerSocketChannel listenAtOrAbove(InetAddress address, int port) throws IOException {
        for (int p = port; ; p++) {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
            try {
                return server.bind(new InetSocketAddress(address, p));
            } catch (java.net.BindException taken) {
                server.close();
                if (p > port + 100) throw taken;
            }
        }
    }
}
