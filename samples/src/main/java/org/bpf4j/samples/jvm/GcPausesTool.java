package org.bpf4j.samples.jvm;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Watches the GC pauses of a running JVM through {@link GcPauses}: how many collections, how
 * many of them full, and how long the pauses took, as a log2 histogram, in all and per collector.
 *
 * <p>Usage: {@code GcPausesTool <pid> [seconds]} (default: until the JVM exits). Needs root.
 */
public final class GcPausesTool extends RecordTool {
    /** One pause as the tool reports it; {@code collector} is empty when no pool probe named it. */
    public record Pause(String collector, boolean full, long durationNs, long timeNs) implements JvmEvent {
        @Override
        public String toString() {
            return String.format("%s%s %.3f ms", collector.isEmpty() ? "(unnamed)" : collector, full ? " (full)" : "",
                    durationNs / 1e6);
        }
    }

    /** Pauses of one collector: how many, their total, and their log2 histogram (ns). */
    public record CollectorStats(long pauses, long pauseNs, long[] histogram) {
        CollectorStats add(long durationNs) {
            long[] h = histogram.clone();
            h[GcPauses.log2(durationNs)]++;
            return new CollectorStats(pauses + 1, pauseNs + durationNs, h);
        }
    }

    /**
     * What the probes counted: collections, full ones among them, total pause and its histogram
     * (ns, log2 buckets), kept by the kernel; and per collector, from the pause records.
     */
    public record Stats(long collections, long full, long pauseNs, long[] histogram, Map<String, CollectorStats> byCollector) {
        @Override
        public String toString() {
            return "Stats[collections=" + collections + ", full=" + full + ", pauseNs=" + pauseNs + ", histogram="
                    + Arrays.toString(histogram) + ", byCollector=" + byCollector.keySet() + "]";
        }

        /** Prints the counts and, per collector, the histogram's non-empty buckets, in microseconds. */
        public void print(PrintStream out) {
            out.printf("%d collections (%d full), %.3f ms paused%n", collections, full, pauseNs / 1e6);
            byCollector.forEach((name, c) -> {
                out.printf("%s: %d pauses, %.3f ms%n", name.isEmpty() ? "(unnamed)" : name, c.pauses(), c.pauseNs() / 1e6);
                printHistogram(out, c.histogram());
            });
        }

        private static void printHistogram(PrintStream out, long[] histogram) {
            for (int b = 0; b < histogram.length; b++) {
                if (histogram[b] != 0) {
                    out.printf("  %10.1f .. %10.1f us  %d%n", (1L << b) / 1e3, (1L << (b + 1)) / 1e3, histogram[b]);
                }
            }
        }
    }

    private final GcPausesSkeleton skeleton;
    private final Map<String, CollectorStats> byCollector;

    private GcPausesTool(GcPausesSkeleton skeleton, Map<String, CollectorStats> byCollector, Consumer<Pause> sink) {
        super(skeleton, skeleton.pauseRecords().reader(r -> {
            Pause p = new Pause(r.collector(), r.full != 0, r.durationNs, r.timeNs);
            byCollector.merge(p.collector(), new CollectorStats(0, 0, new long[GcPauses.BUCKETS]).add(p.durationNs()),
                    (had, one) -> had.add(p.durationNs()));
            sink.accept(p);
        }));
        this.skeleton = skeleton;
        this.byCollector = byCollector;
    }

    /** Starts watching process {@code pid}, a HotSpot JVM. */
    public static GcPausesTool attach(long pid) {
        return attach(pid, p -> { });
    }

    /** Starts watching process {@code pid}, a HotSpot JVM; {@link #poll} hands each pause to {@code sink}. */
    public static GcPausesTool attach(long pid, Consumer<Pause> sink) {
        return start(GcPausesSkeleton.load(), s -> new GcPausesTool(s, new TreeMap<>(), sink), s -> {
            // the begin last: every pause it counts then has its pool names and its end recorded
            s.attachGcEnd(GcPauses.END, (int) pid, 0);
            s.attachPoolGcBegin(GcPauses.POOL_BEGIN, (int) pid, 0);
            s.attachGcBegin(GcPauses.BEGIN, (int) pid, 0);
        });
    }

    /** What was counted since {@link #attach}, after delivering the pauses not yet polled. */
    public Stats stats() {
        while (poll(Duration.ZERO) > 0) {
            // the per-collector figures come from the records
        }
        long[] histogram = new long[GcPauses.BUCKETS];
        for (int b = 0; b < histogram.length; b++) {
            histogram[b] = skeleton.pauses().get(b);
        }
        return new Stats(skeleton.counts().get(GcPauses.COLLECTIONS), skeleton.counts().get(GcPauses.FULL),
                skeleton.counts().get(GcPauses.PAUSE_NS), histogram, Collections.unmodifiableMap(new TreeMap<>(byCollector)));
    }

    public static void main(String[] args) {
        ProcessHandle target = ToolArguments.target(args, "GcPausesTool");
        Instant end = ToolArguments.end(args);
        try (GcPausesTool tool = attach(target.pid())) {
            System.out.printf("watching the GC pauses of %d...%n", target.pid());
            tool.pollWhile(() -> target.isAlive() && Instant.now().isBefore(end));
            tool.stats().print(System.out);
        }
    }
}
