package org.bpf4j.runtime.attach;

import static org.bpf4j.runtime.attach.TestPrograms.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.junit.jupiter.api.Test;

/** A socket filter on a real UDP socket keeps short datagrams and drops long ones. */
@KernelTest
class SocketFilterAttachTest {

    @Test
    void filterOnAJavaDatagramChannelDropsLongDatagrams() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
             DatagramChannel sender = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
             KernelMap counts = counters("t_sf_cnt", 1);
             LoadedProgram prog = load("t_sockfilter", SOCKET_FILTER, dropLongerThan(64, counts.fd().get()))) {
            try (Link link = Attach.socketFilter(prog, receiver)) {
                assertFalse(link.isBpfLink());
                for (int i = 0; i < 4; i++) {
                    sender.send(ByteBuffer.wrap(new byte[200]), receiver.getLocalAddress());   // dropped
                    sender.send(ByteBuffer.wrap(new byte[] {(byte) i}), receiver.getLocalAddress()); // kept
                }
                assertEquals(List.of(1, 1, 1, 1), drain(receiver));
                assertEquals(8, counter(counts, 0));
            }
            sender.send(ByteBuffer.wrap(new byte[200]), receiver.getLocalAddress());
            assertEquals(List.of(200), drain(receiver), "detached on close: long datagrams arrive again");
            assertEquals(8, counter(counts, 0));
        }
    }

    @Test
    void socketFdsFindsTheDescriptorOfTcpChannels() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            int fds[] = {SocketFds.of(server), SocketFds.of(client), SocketFds.of(accepted)};
            assertEquals(3, java.util.Arrays.stream(fds).distinct().count(), java.util.Arrays.toString(fds));
        }
    }

    /** The sizes of the datagrams waiting on {@code channel}. */
    private static List<Integer> drain(DatagramChannel channel) throws Exception {
        channel.configureBlocking(false);
        List<Integer> sizes = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(1024);
        long deadline = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < deadline) {
            buf.clear();
            if (channel.receive(buf) != null) sizes.add(buf.position());
            else Thread.sleep(10);
        }
        return sizes;
    }
}
