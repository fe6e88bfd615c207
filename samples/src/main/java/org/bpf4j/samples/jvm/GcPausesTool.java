package org.bpf4j.samples.jvm;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Watches the GC pauses of a running JVM through {@link GcPauses}: how many collections, how
 * many of them full, and how long the pauses took, as a log2 histogram.
 *
 * <p>Usage: {@code GcPausesTool <pid> [seconds]} (default: until the JVM exits). Needs root.
 */
public final class GcPausesTool implements AutoCloseable {
    /** What the probes counted: collections, full ones among them, total pause and its histogram (ns, log2 buckets). */
    public record Stats(long collections, long full, long pauseNs, long[] histogram) {
        @Override
        public String toString() {
            return "Stats[collections=" + collections + ", full=" + full + ", pauseNs=" + pauseNs + ", histogram="
                    + java.util.Arrays.toString(histogram) + "]";
        }

        /** Prints the counts and the histogram's non-empty buckets, in microseconds. */
        public void print(PrintStream out) {
            out.printf("%d collections (%d full), %.3f ms paused%n", collections, full, pauseNs / 1e6);
            for (int b = 0; b < histogram.length; b++) {
                if (histogram[b] != 0) {
                    out.printf("  %10.1f .. %10.1f us  %d%n", (1L << b) / 1e3, (1L << (b + 1)) / 1e3, histogram[b]);
                }
            }
        }
    }

    private final GcPausesSkeleton skeleton;

    private GcPausesTool(GcPausesSkeleton skeleton) {
        this.skeleton = skeleton;
    }

    /** Starts watching process {@code pid}, a HotSpot JVM. */
    public static GcPausesTool attach(long pid) {
        GcPausesSkeleton skeleton = GcPausesSkeleton.load();
        try {
            skeleton.attachGcBegin(GcPauses.BEGIN, (int) pid, 0);
            skeleton.attachGcEnd(GcPauses.END, (int) pid, 0);
            return new GcPausesTool(skeleton);
        } catch (RuntimeException e) {
            skeleton.close();
            throw e;
        }
    }

    /** What was counted since {@link #attach}. */
    public Stats stats() {
        long[] histogram = new long[GcPauses.BUCKETS];
        for (int b = 0; b < histogram.length; b++) {
            histogram[b] = skeleton.pauses().get(b);
        }
        return new Stats(skeleton.counts().get(GcPauses.COLLECTIONS), skeleton.counts().get(GcPauses.FULL),
                skeleton.counts().get(GcPauses.PAUSE_NS), histogram);
    }

    @Override
    public void close() {
        skeleton.close();
    }

    public static void main(String[] args) throws InterruptedException {
        ProcessHandle target = ToolArguments.target(args, "GcPausesTool");
        Instant end = ToolArguments.end(args);
        try (GcPausesTool tool = attach(target.pid())) {
            System.out.printf("watching the GC pauses of %d...%n", target.pid());
            while (target.isAlive() && Instant.now().isBefore(end)) {
                Thread.sleep(100);
            }
            tool.stats().print(System.out);
        }
    }
}
