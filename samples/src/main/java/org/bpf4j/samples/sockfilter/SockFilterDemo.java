package org.bpf4j.samples.sockfilter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.runtime.attach.Attach;
import org.bpf4j.runtime.attach.Link;

/**
 * Attaches {@link SockFilter} to a UDP socket on loopback, denies datagrams starting with a
 * given character, sends a mix of messages and prints which ones the socket receives.
 *
 * <p>Usage: {@code SockFilterDemo [denied-first-character [message...]]} (default {@code x},
 * messages {@code hello xray world xylophone}). Needs root.
 */
public final class SockFilterDemo {
    private static final List<String> DEFAULT_MESSAGES = List.of("hello", "xray", "world", "xylophone");

    /** What a run observed: the messages received, and the kernel's drop and delivery counts. */
    public record Result(List<String> received, long dropped, long delivered) {}

    public static void main(String[] args) {
        if (args.length >= 1 && args[0].length() != 1) {
            System.err.println("usage: SockFilterDemo [denied-first-character [message...]]");
            System.exit(2);
        }
        char denied = args.length >= 1 ? args[0].charAt(0) : 'x';
        List<String> messages = args.length >= 2 ? List.of(args).subList(1, args.length) : DEFAULT_MESSAGES;
        Result r = run(denied, messages, System.out);
        System.out.printf("done: %d received, the filter dropped %d and delivered %d%n",
                r.received().size(), r.dropped(), r.delivered());
    }

    /** Denies datagrams starting with {@code denied}, sends {@code messages} to the filtered socket, and reports. */
    public static Result run(char denied, List<String> messages, PrintStream out) {
        if (denied > 0xFF) {
            throw new IllegalArgumentException("the denied first byte must be a Latin-1 character, got " + denied);
        }
        try (DatagramChannel receiver = DatagramChannel.open();
                DatagramChannel sender = DatagramChannel.open();
                SockFilterSkeleton filter = SockFilterSkeleton.load()) {
            receiver.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            filter.deniedFirstBytes().put(denied, (byte) 1);
            try (Link link = Attach.socketFilter(filter.filter(), receiver)) {
                out.printf("socket filter on UDP %s (%s) drops datagrams starting with '%c'%n",
                        receiver.getLocalAddress(), link.description(), denied);
                // The sentinel is sent last: datagrams on loopback arrive in order, so once it is
                // in, every earlier verdict has been made.
                String sentinel = denied == '.' ? "," : ".";
                for (String m : messages) {
                    sender.send(ByteBuffer.wrap(m.getBytes(StandardCharsets.ISO_8859_1)), receiver.getLocalAddress());
                }
                sender.send(ByteBuffer.wrap(sentinel.getBytes(StandardCharsets.ISO_8859_1)), receiver.getLocalAddress());
                List<String> received = new ArrayList<>();
                DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
                receiver.socket().setSoTimeout(5000);
                for (String got = ""; !got.equals(sentinel); ) {
                    try {
                        receiver.socket().receive(packet);
                    } catch (SocketTimeoutException e) {
                        throw new IllegalStateException("the final datagram '" + sentinel
                                + "' did not arrive within 5 s", e);
                    }
                    got = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1);
                    if (!got.equals(sentinel)) {
                        out.printf("received: %s%n", got);
                        received.add(got);
                    }
                }
                return new Result(received, count(filter, SockFilter.DROPPED), count(filter, SockFilter.DELIVERED));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("UDP on loopback failed", e);
        }
    }

    private static long count(SockFilterSkeleton filter, int slot) {
        Long n = filter.verdicts().get(slot);
        return n == null ? 0 : n;
    }

    private SockFilterDemo() {}
}
