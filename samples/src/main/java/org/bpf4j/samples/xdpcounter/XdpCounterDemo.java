package org.bpf4j.samples.xdpcounter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.bpf4j.lang.BpfPerCpuArrayMap;
import org.bpf4j.runtime.attach.Attach;
import org.bpf4j.runtime.attach.Link;
import org.bpf4j.runtime.attach.XdpMode;
import org.bpf4j.samples.net.TestNetwork;

/**
 * The live demo: makes a private network (a namespace and a veth pair), attaches
 * {@link XdpCounter} to the host end, sends UDP datagrams and TCP connection attempts from the
 * namespace, pings the namespace from the host (its echo replies come in through the program),
 * and prints the per-protocol counts the kernel program keeps, once a second as they change.
 *
 * <p>Usage: {@code XdpCounterDemo [seconds]} (default 5). Needs root.
 */
public final class XdpCounterDemo {
    private static final Map<Integer, String> NAMES = Map.of(
            0, "IPv6 hop-by-hop (MLD)", 1, "ICMP", 6, "TCP", 17, "UDP", 58, "ICMPv6",
            XdpCounter.NON_IP, "non-IP (ARP, ...)");

    public static void main(String[] args) throws InterruptedException {
        int seconds = 5;
        if (args.length > 1 || (args.length == 1 && !args[0].matches("[1-9][0-9]{0,3}"))) {
            System.err.println("usage: XdpCounterDemo [seconds 1-9999]");
            System.exit(2);
        }
        if (args.length == 1) {
            seconds = Integer.parseInt(args[0]);
        }
        Map<Integer, Long> totals = run(Duration.ofSeconds(seconds), System.out);
        System.out.println("done: " + describe(totals));
    }

    /**
     * Runs the demo for {@code duration}, printing progress to {@code out}, and returns the
     * final counts by protocol slot. Everything it made is removed before it returns.
     */
    public static Map<Integer, Long> run(Duration duration, PrintStream out) throws InterruptedException {
        try (TestNetwork net = TestNetwork.create("bpf4j-demo", 211);
                XdpCounterSkeleton skeleton = XdpCounterSkeleton.load();
                Link link = Attach.xdp(skeleton.countFrames(), net.hostIf(), XdpMode.DEFAULT)) {
            Thread closer = new Thread(net::close, "bpf4j-demo-cleanup");
            Runtime.getRuntime().addShutdownHook(closer);
            out.printf("XDP program countFrames attached to %s (%s); traffic from namespace %s (%s)%n",
                    net.hostIf(), link.description(), net.namespace(), net.peerAddress());
            Thread traffic = trafficFrom(net, duration);
            Thread pings = pings(net, duration);
            traffic.start();
            pings.start();
            Map<Integer, Long> counts = Map.of();
            long end = System.nanoTime() + duration.toNanos();
            for (int second = 1; System.nanoTime() < end; second++) {
                Thread.sleep(1000);
                Map<Integer, Long> now = read(skeleton.protocols());
                if (!now.equals(counts)) {
                    out.printf("%3ds  %s%n", second, describe(now));
                    counts = now;
                }
            }
            traffic.join();
            pings.join();
            counts = read(skeleton.protocols());
            Runtime.getRuntime().removeShutdownHook(closer);
            return counts;
        }
    }

    /** A thread that sends a UDP datagram and a TCP connection attempt every 50 ms from inside the namespace. */
    private static Thread trafficFrom(TestNetwork net, Duration duration) {
        long rounds = rounds(duration);
        String host = net.hostAddress();
        String script = "for i in $(seq 1 " + rounds + "); do "
                + "echo hello > /dev/udp/" + host + "/9999; "
                + "(exec 3<>/dev/tcp/" + host + "/9) 2>/dev/null; "
                + "sleep 0.05; done";
        Thread t = new Thread(() -> net.runInNamespace(script), "bpf4j-demo-traffic");
        t.setDaemon(true);
        return t;
    }

    /**
     * A thread that sends an ICMP echo request to the namespace every 50 ms and waits for the
     * reply ({@code InetAddress.isReachable} uses ICMP when run as root; no ping binary needed).
     */
    private static Thread pings(TestNetwork net, Duration duration) {
        long rounds = rounds(duration);
        Thread t = new Thread(() -> {
            try {
                InetAddress peer = InetAddress.getByName(net.peerAddress());
                for (long i = 0; i < rounds; i++) {
                    peer.isReachable(1000);
                    Thread.sleep(50);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot ping " + net.peerAddress(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bpf4j-demo-pings");
        t.setDaemon(true);
        return t;
    }

    /** Traffic rounds in {@code duration}: one every 50 ms. */
    private static long rounds(Duration duration) {
        return Math.max(1, duration.toMillis() / 50);
    }

    private static Map<Integer, Long> read(BpfPerCpuArrayMap<Long> protocols) {
        Map<Integer, Long> counts = new TreeMap<>();
        for (int slot = 0; slot < protocols.maxEntries(); slot++) {
            long n = protocols.sum(slot);
            if (n != 0) {
                counts.put(slot, n);
            }
        }
        return counts;
    }

    private static String describe(Map<Integer, Long> counts) {
        if (counts.isEmpty()) {
            return "no frames yet";
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((slot, n) -> sb.append(sb.length() == 0 ? "" : ", ")
                .append(NAMES.getOrDefault(slot, "proto " + slot)).append('=').append(n));
        return sb.toString();
    }

    private XdpCounterDemo() {}
}
