/**
 * Exposing map values to Prometheus through the official Prometheus Java client:
 * {@link org.bpf4j.examples.prometheus.MapMetrics} makes collectors that read counters per key,
 * per-CPU sums and log2 histograms from maps at each scrape;
 * {@link org.bpf4j.examples.prometheus.TrafficExporter} registers them for
 * {@link org.bpf4j.examples.prometheus.TrafficStats}, a program that fills such maps, and serves
 * them with the client's HTTP server.
 */
package org.bpf4j.examples.prometheus;
