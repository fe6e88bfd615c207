package org.bpf4j.runtime.attach;

import static org.bpf4j.runtime.attach.TestPrograms.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.junit.jupiter.api.Test;

/** An sk_msg verdict program on a sockmap sees every send of a real TCP socket put in the map. */
@KernelTest
class SockMapAttachTest {
    static final int SK_MSG = 16, SK_PASS = 1;

    @Test
    void msgVerdictSeesEverySendOfASocketInTheMap() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (KernelMap sockets = KernelMap.create("t_sockmap", MapKind.SOCKMAP, 4, 4, 1, 0);
             KernelMap counts = counters("t_msg_cnt", 1);
             LoadedProgram prog = load("t_msg_verdict", SK_MSG, everyRun(counts.fd().get(), SK_PASS));
             Link link = Attach.sockMap(prog, sockets, SockMapAttachType.MSG_VERDICT);
             ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            sockets.update(le(0), le(SocketFds.of(client)));
            for (int i = 0; i < 3; i++) client.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
            ByteBuffer in = ByteBuffer.allocate(12);
            while (in.hasRemaining()) accepted.read(in);
            assertEquals(3, counter(counts, 0), "one verdict per send");
            accepted.write(ByteBuffer.wrap(new byte[] {9}));
            assertEquals(3, counter(counts, 0), "the peer, not in the map, is not seen");
        }
    }

    @Test
    void aMapThatHoldsNoSocketsIsRefused() {
        try (KernelMap counts = counters("t_msg_cnt2", 1);
             LoadedProgram prog = load("t_msg_verdict2", SK_MSG, everyRun(counts.fd().get(), SK_PASS))) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Attach.sockMap(prog, counts, SockMapAttachType.MSG_VERDICT));
            assertTrue(e.getMessage().contains("attach to a SOCKMAP or SOCKHASH"), e.getMessage());
        }
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
