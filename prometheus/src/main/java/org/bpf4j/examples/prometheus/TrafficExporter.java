package org.bpf4j.examples.prometheus;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import org.bpf4j.runtime.attach.Attach;
import org.bpf4j.runtime.attach.Link;
import org.bpf4j.runtime.attach.XdpMode;

/**
 * Attaches {@link TrafficStats} to an interface and serves its maps to Prometheus until killed.
 * Usage: {@code TrafficExporter <interface> [port]} (default 9435). Needs root, or CAP_BPF and
 * CAP_NET_ADMIN.
 */
public final class TrafficExporter {
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: TrafficExporter <interface> [port]");
            System.exit(2);
        }
        int port = args.length == 2 ? Integer.parseInt(args[1]) : 9435;
        try (TrafficStatsSkeleton stats = TrafficStatsSkeleton.load();
             Link link = Attach.xdp(stats.observe(), args[0], XdpMode.DEFAULT);
             HTTPServer metrics = serve(stats, null, port)) {
            System.out.printf("serving http://<host>:%d/metrics for %s%n", metrics.getPort(), args[0]);
            Thread.currentThread().join();                  // until the process is stopped
        }
    }

    /**
     * The three metrics of {@code stats} in a registry of their own, served by the client's HTTP
     * server on {@code /metrics} at {@code address} (null: every address) and {@code port} (0: any
     * free port).
     */
    public static HTTPServer serve(TrafficStatsSkeleton stats, InetAddress address, int port) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(MapMetrics.counterPerKey("xdp_packets", "IPv4 packets seen, by IP protocol number", "protocol", stats.packets()));
        registry.register(MapMetrics.perCpuSum("xdp_bytes", "Bytes of all frames seen", stats.bytes(), 0));
        registry.register(MapMetrics.log2Histogram("xdp_frame_bytes", "Frame sizes in bytes", stats.sizes()));
        HTTPServer.Builder server = HTTPServer.builder().registry(registry).port(port);
        if (address != null) server.inetAddress(address);
        return server.buildAndStart();
    }

    private TrafficExporter() {}
}
