package org.bpf4j.samples.firewall;

import java.io.PrintStream;
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
 * address, sends UDP datagrams from the namespace and prints each drop the kernel reports.
 *
 * <p>Usage: {@code FirewallDemo [datagrams]} (default 10). Needs root.
 */
public final class FirewallDemo {
    /** What a run observed. */
    public record Result(long droppedPerMap, List<Firewall.DropEvent> events) {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 1 || (args.length == 1 && !args[0].matches("[1-9][0-9]{0,4}"))) {
            System.err.println("usage: FirewallDemo [datagrams 1-99999]");
            System.exit(2);
        }
        int datagrams = args.length == 1 ? Integer.parseInt(args[0]) : 10;
        Result r = run(datagrams, System.out);
        System.out.printf("done: the map counted %d drops, the ring buffer reported %d%n",
                r.droppedPerMap(), r.events().size());
    }

    /** Blocks the namespace's address, sends {@code datagrams} UDP datagrams from it, and reports what was dropped. */
    public static Result run(int datagrams, PrintStream out) throws InterruptedException {
        List<Firewall.DropEvent> events = new ArrayList<>();
        try (TestNetwork net = TestNetwork.create("bpf4j-fw", 212);
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
            net.runInNamespace("for i in $(seq 1 " + datagrams + "); do echo blocked > /dev/udp/"
                    + net.hostAddress() + "/9999; done");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (events.size() < datagrams && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(100));
            }
            Long counted = fw.blocked().get(source);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            return new Result(counted == null ? 0 : counted, events);
        }
    }

    private FirewallDemo() {}
}
