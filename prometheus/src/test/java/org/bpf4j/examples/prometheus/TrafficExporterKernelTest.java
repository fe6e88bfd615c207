package org.bpf4j.examples.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

/** Frames through test runs, then a scrape over loopback: every number must be the maps'. */
@KernelTest
class TrafficExporterKernelTest {
    @Test
    void aScrapeShowsTheMapsValues() throws Exception {
        byte[] udp = frame().udp(1, 53).payload(new byte[100]).build();      // 142 bytes: bucket 7
        byte[] tcp = frame().tcp(1, 80, PacketBuilder.TCP_SYN).build();     // 54 bytes: bucket 5
        try (TrafficStatsSkeleton stats = TrafficStatsSkeleton.load();
             MetricsServer metrics = TrafficExporter.serve(stats,
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            stats.observe().testRun().data(udp).repeat(3).run();
            stats.observe().testRun().data(tcp).repeat(2).run();

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metrics.address().getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
            Map<String, Long> samples = samples(response.body());

            assertEquals(stats.packets().get(17), samples.get("xdp_packets_total{protocol=\"17\"}"));
            assertEquals(stats.packets().get(6), samples.get("xdp_packets_total{protocol=\"6\"}"));
            assertEquals(stats.bytes().sum(0), samples.get("xdp_bytes_total"));
            assertEquals(3L, samples.get("xdp_packets_total{protocol=\"17\"}"));
            assertEquals(3L * udp.length + 2L * tcp.length, samples.get("xdp_bytes_total"));
            assertEquals(stats.sizes().get(5), samples.get("xdp_frame_bytes_bucket{le=\"63\"}"));
            assertEquals(2L, samples.get("xdp_frame_bytes_bucket{le=\"63\"}"));
            assertEquals(5L, samples.get("xdp_frame_bytes_bucket{le=\"255\"}"), "cumulative");
            assertEquals(5L, samples.get("xdp_frame_bytes_bucket{le=\"+Inf\"}"));
            assertEquals(5L, samples.get("xdp_frame_bytes_count"));
        }
    }

    private static PacketBuilder frame() {
        return new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").ipv4("10.0.0.1", "10.0.0.2");
    }

    /** Sample lines of the text format: series (name and labels) to value; comments skipped. */
    private static Map<String, Long> samples(String body) {
        Map<String, Long> samples = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
        }
        return samples;
    }
}
