package org.bpf4j.samples.firewall;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.lang.Ipv4;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.runtime.attach.Attach;
import org.bpf4j.runtime.attach.Link;
import org.bpf4j.runtime.attach.XdpMode;
import org.bpf4j.samples.net.TestNetwork;

/**
 * Runs {@link Firewall} on the host end of a private veth pair, blocks the namespace's
 * address, sends UDP datagrams from the namespace to a host socket and prints each drop the
 * kernel reports; then unblocks the address and sends as many again, which now arrive.
 *
 * <p>Usage: {@code FirewallDemo [datagrams]} (default 10). Needs root.
 */
public final class FirewallDemo {
    /**
     * What a run observed.
     *
     * @param blockedAddress the namespace's address, which was blocked
     * @param hostAddress the address of the host end, where the datagrams went
     * @param droppedPerMap drops the blocklist map counted for the blocked source
     * @param events the drop records the ring buffer delivered
     * @param deliveredWhileBlocked datagrams the host socket received while the source was blocked
     * @param deliveredAfterUnblock datagrams it received once the source was removed from the map
     */
    public record Result(String blockedAddress, String hostAddress, long droppedPerMap, List<Firewall.DropEvent> events, int deliveredWhileBlocked,
            int deliveredAfterUnblock) {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 1 || (args.length == 1 && !args[0].matches("[1-9][0-9]{0,4}"))) {
            System.err.println("usage: FirewallDemo [datagrams 1-99999]");
            System.exit(2);
        }
        int datagrams = args.length == 1 ? Integer.parseInt(args[0]) : 10;
        Result r = run(datagrams, System.out);
        System.out.printf("done: the map counted %d drops, the ring buffer reported %d, %d got through while"
                + " blocked, %d of %d after unblocking%n", r.droppedPerMap(), r.events().size(),
                r.deliveredWhileBlocked(), r.deliveredAfterUnblock(), datagrams);
    }

    /**
     * Blocks the namespace's address, sends {@code datagrams} UDP datagrams from it, reports what
     * was dropped, then unblocks it and sends {@code datagrams} more.
     */
    public static Result run(int datagrams, PrintStream out) throws InterruptedException {
        List<Firewall.DropEvent> events = new ArrayList<>();
        try (TestNetwork net = TestNetwork.create("bpf4j-fw", 212);
                DatagramSocket receiver = new DatagramSocket(0, InetAddress.getByName(net.hostAddress()));
                FirewallSkeleton fw = FirewallSkeleton.load();
                Link link = Attach.xdp(fw.filter(), net.hostIf(), XdpMode.DEFAULT);
                RecordReader reader = fw.drops().reader(e -> {
                    events.add(e);
                    out.printf("dropped protocol %d packet %s -> %s%n", e.protocol,
                            Ipv4.format(e.saddr), Ipv4.format(e.daddr));
                })) {
            Thread cleanup = new Thread(net::close, "bpf4j-firewall-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            int source = Ipv4.parse(net.peerAddress());
            fw.blocked().put(source, 0L);
            out.printf("blocking %s on %s (%s)%n", net.peerAddress(), net.hostIf(), link.description());
            send(net, receiver.getLocalPort(), datagrams, "blocked");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (events.size() < datagrams && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(100));
            }
            int deliveredWhileBlocked = receive(receiver, Integer.MAX_VALUE, Duration.ofMillis(200));
            Long counted = fw.blocked().get(source);

            fw.blocked().remove(source);
            out.printf("unblocked %s%n", net.peerAddress());
            send(net, receiver.getLocalPort(), datagrams, "allowed");
            int deliveredAfterUnblock = receive(receiver, datagrams, Duration.ofSeconds(5));
            out.printf("the host socket received %d datagrams after unblocking%n", deliveredAfterUnblock);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            return new Result(net.peerAddress(), net.hostAddress(), counted == null ? 0 : counted, events,
                    deliveredWhileBlocked, deliveredAfterUnblock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot receive UDP on the host end of the test network", e);
        }
    }

    private static void send(TestNetwork net, int port, int datagrams, String text) {
        net.runInNamespace("for i in $(seq 1 " + datagrams + "); do echo " + text + " > /dev/udp/"
                + net.hostAddress() + "/" + port + "; done");
    }

    /** Receives until {@code limit} datagrams arrived or none came for {@code quiet}; returns how many. */
    private static int receive(DatagramSocket socket, int limit, Duration quiet) throws IOException {
        socket.setSoTimeout((int) quiet.toMillis());
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        int received = 0;
        try {
            while (received < limit) {
                socket.receive(packet);
                received++;
            }
        } catch (SocketTimeoutException quietLongEnough) {
            // the count so far is the answer
        }
        return received;
    }

    private FirewallDemo() {}
}
