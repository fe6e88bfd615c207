/**
 * Exposing map values to Prometheus: {@link org.bpf4j.examples.prometheus.MetricsServer} serves
 * counters, per-CPU sums and log2 histograms read from maps at each scrape, in the Prometheus text
 * format, with the JDK's HTTP server; {@link org.bpf4j.examples.prometheus.TrafficStats} is a
 * program that fills such maps.
 */
package org.bpf4j.examples.prometheus;
