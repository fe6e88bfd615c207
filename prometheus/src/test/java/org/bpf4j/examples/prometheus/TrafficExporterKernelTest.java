package org.bpf4j.examples.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

/** Frames through test runs, then scrapes over loopback: every number must be the maps'. */
@KernelTest
class TrafficExporterKernelTest {
    @Test
    void aScrapeShowsTheMapsValues() throws Exception {
        byte[] udp = frame().udp(1, 53).payload(new byte[100]).build();      // 142 bytes: bucket 7
        byte[] tcp = frame().tcp(1, 80, PacketBuilder.TCP_SYN).build();     // 54 bytes: bucket 5
        try (TrafficStatsSkeleton stats = TrafficStatsSkeleton.load();
             HTTPServer metrics = TrafficExporter.serve(stats, InetAddress.getLoopbackAddress(), 0)) {
            stats.observe().testRun().data(udp).repeat(3).run();
            stats.observe().testRun().data(tcp).repeat(2).run();

            Map<String, Double> samples = scrape(metrics);
            assertEquals(3.0, samples.get("xdp_packets_total{protocol=\"17\"}"));
            assertEquals(2.0, samples.get("xdp_packets_total{protocol=\"6\"}"));
            assertEquals(3.0 * udp.length + 2.0 * tcp.length, samples.get("xdp_bytes_total"));
            assertEquals(2.0, samples.get("xdp_frame_bytes_bucket{le=\"63.0\"}"));
            assertEquals(5.0, samples.get("xdp_frame_bytes_bucket{le=\"255.0\"}"), "cumulative");
            assertEquals(5.0, samples.get("xdp_frame_bytes_bucket{le=\"+Inf\"}"));
            assertEquals(5.0, samples.get("xdp_frame_bytes_count"));
            assertMatchesMaps(stats, samples);

            // Collected at each scrape: frames run after the first scrape show in the second.
            stats.observe().testRun().data(udp).repeat(4).run();
            samples = scrape(metrics);
            assertEquals(7.0, samples.get("xdp_packets_total{protocol=\"17\"}"));
            assertMatchesMaps(stats, samples);
        }
    }

    /** Every series against the maps: one per key, the per-CPU sum, the cumulative buckets. */
    private static void assertMatchesMaps(TrafficStatsSkeleton stats, Map<String, Double> samples) {
        stats.packets().entries().forEach((protocol, count) ->
                assertEquals((double) count, samples.get("xdp_packets_total{protocol=\"" + protocol + "\"}"), "protocol " + protocol));
        assertEquals((double) stats.bytes().sum(0), samples.get("xdp_bytes_total"));
        List<Long> buckets = stats.sizes().values();
        long cumulative = 0;
        for (int b = 0; b < buckets.size(); b++) {
            cumulative += buckets.get(b);
            String le = b == buckets.size() - 1 ? "+Inf" : (2L << b) - 1 + ".0";
            assertEquals((double) cumulative, samples.get("xdp_frame_bytes_bucket{le=\"" + le + "\"}"), "le " + le);
        }
        assertEquals((double) cumulative, samples.get("xdp_frame_bytes_count"));
        assertEquals(stats.packets().entries().size() + 1 + buckets.size() + 1, samples.size(), "series: " + samples.keySet());
    }

    private static Map<String, Double> scrape(HTTPServer metrics) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metrics.getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        return samples(response.body());
    }

    private static PacketBuilder frame() {
        return new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4("10.0.0.1", "10.0.0.2");
    }

    /** Sample lines of the text format: series (name and labels) to value; comments skipped. */
    private static Map<String, Double> samples(String body) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
