package org.bpf4j.examples.prometheus;

import java.net.InetSocketAddress;
import org.bpf4j.runtime.attach.Attach;
import org.bpf4j.runtime.attach.Link;
import org.bpf4j.runtime.attach.XdpMode;

/**
 * Attaches {@link TrafficStats} to an interface and serves its maps to Prometheus until killed.
 * Usage: {@code TrafficExporter <interface> [port]} (default 9435). Needs root, or CAP_BPF and
 * CAP_NET_ADMIN.
 */
public final class TrafficExporter {
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: TrafficExporter <interface> [port]");
            System.exit(2);
        }
        int port = args.length == 2 ? Integer.parseInt(args[1]) : 9435;
        try (TrafficStatsSkeleton stats = TrafficStatsSkeleton.load();
             Link link = Attach.xdp(stats.observe(), args[0], XdpMode.DEFAULT);
             MetricsServer metrics = serve(stats, new InetSocketAddress(port))) {
            System.out.printf("serving http://%s/metrics for %s%n", metrics.address(), args[0]);
            Thread.currentThread().join();                  // until the process is stopped
        }
    }

    /** The three metrics of {@code stats}, served on {@code address}. */
    public static MetricsServer serve(TrafficStatsSkeleton stats, InetSocketAddress address) {
        return MetricsServer.start(address)
                .counterPerKey("xdp_packets_total", "IPv4 packets seen, by IP protocol number", "protocol", stats.packets())
                .perCpuSum("xdp_bytes_total", "Bytes of all frames seen", stats.bytes(), 0)
                .log2Histogram("xdp_frame_bytes", "Frame sizes in bytes", stats.sizes());
    }

    private TrafficExporter() {}
}
