package org.bpf4j.examples.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfKeyedMap;
import org.bpf4j.lang.BpfPerCpuArrayMap;

/**
 * Serves maps as Prometheus metrics on {@code GET /metrics} (text exposition format 0.0.4). Each
 * scrape reads the maps afresh, so the numbers are the kernel's at that moment.
 */
public final class MetricsServer implements AutoCloseable {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** One metric family: renders its lines from the maps when scraped. */
    private interface Family {
        void render(StringBuilder out);
    }

    private final List<Family> families = new ArrayList<>();
    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /** Starts serving on {@code address} (port 0: any free port); add metrics before or after. */
    public static MetricsServer start(InetSocketAddress address) {
        try {
            MetricsServer metrics = new MetricsServer(HttpServer.create(address, 0));
            metrics.server.createContext("/metrics", metrics::scrape);
            metrics.server.start();
            return metrics;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** A counter with one series per map key, the key as {@code label}. */
    public MetricsServer counterPerKey(String name, String help, String label, BpfKeyedMap<Integer, Long> map) {
        return add(out -> {
            header(out, name, help, "counter");
            new TreeMap<>(map.entries()).forEach((key, value) ->
                    out.append(name).append('{').append(label).append("=\"").append(key).append("\"} ")
                            .append(value).append('\n'));
        });
    }

    /** A counter whose value is slot {@code index} of a per-CPU array, summed over the CPUs. */
    public MetricsServer perCpuSum(String name, String help, BpfPerCpuArrayMap<Long> map, int index) {
        return add(out -> {
            header(out, name, help, "counter");
            out.append(name).append(' ').append(map.sum(index)).append('\n');
        });
    }

    /**
     * A histogram from log2 buckets (slot b counts values of 2^b to 2^(b+1) - 1), as cumulative
     * buckets with {@code le} = 2^(b+1) - 1. The maps hold no sum of the values, so no {@code _sum}.
     */
    public MetricsServer log2Histogram(String name, String help, BpfArrayMap<Long> buckets) {
        return add(out -> {
            header(out, name, help, "histogram");
            long cumulative = 0;
            List<Long> counts = buckets.values();
            for (int b = 0; b < counts.size(); b++) {
                cumulative += counts.get(b);
                out.append(name).append("_bucket{le=\"").append((2L << b) - 1).append("\"} ").append(cumulative).append('\n');
            }
            out.append(name).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
            out.append(name).append("_count ").append(cumulative).append('\n');
        });
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private MetricsServer add(Family family) {
        synchronized (families) {
            families.add(family);
        }
        return this;
    }

    private void scrape(HttpExchange exchange) throws IOException {
        StringBuilder text = new StringBuilder();
        synchronized (families) {
            families.forEach(f -> f.render(text));
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("Content-Type", List.of(CONTENT_TYPE));
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
