package org.bpf4j.examples.prometheus;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import java.util.List;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfKeyedMap;
import org.bpf4j.lang.BpfPerCpuArrayMap;

/**
 * Maps as collectors of the Prometheus Java client: register them with any
 * {@code PrometheusRegistry}. Each collector reads its map when the registry is scraped, so the
 * numbers are the kernel's at that moment and nothing polls or copies the maps in between.
 */
public final class MapMetrics {
    /**
     * A counter with one series per map key, the key as {@code label}. The client appends
     * {@code _total} to {@code name} in the text format.
     */
    public static Collector counterPerKey(String name, String help, String label, BpfKeyedMap<Integer, Long> map) {
        return CounterWithCallback.builder().name(name).help(help).labelNames(label)
                .callback(series -> map.entries().forEach((key, value) -> series.call(value, key.toString())))
                .build();
    }

    /** A counter whose value is slot {@code index} of a per-CPU array, summed over the CPUs. */
    public static Collector perCpuSum(String name, String help, BpfPerCpuArrayMap<Long> map, int index) {
        return CounterWithCallback.builder().name(name).help(help)
                .callback(series -> series.call(map.sum(index)))
                .build();
    }

    /**
     * A histogram from log2 buckets: slot b counts values of 2^b to 2^(b+1) - 1 (slot 0 also
     * counts 0), so its upper bound {@code le} is 2^(b+1) - 1; the last slot counts everything
     * above the one before it, so its bound is +Inf. The maps hold no sum of the values, so the
     * histogram has no {@code _sum}.
     */
    public static Collector log2Histogram(String name, String help, BpfArrayMap<Long> buckets) {
        return () -> {
            List<Long> counts = buckets.values();
            double[] upperBounds = new double[counts.size()];
            long[] perBucket = new long[counts.size()];
            for (int b = 0; b < counts.size(); b++) {
                upperBounds[b] = b == counts.size() - 1 ? Double.POSITIVE_INFINITY : (2L << b) - 1;
                perBucket[b] = counts.get(b);
            }
            return HistogramSnapshot.builder().name(name).help(help)
                    .dataPoint(HistogramDataPointSnapshot.builder()
                            .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, perBucket))
                            .build())
                    .build();
        };
    }

    private MapMetrics() {}
}
