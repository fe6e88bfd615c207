package org.bpf4j.samples.tracing;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The log2 histograms of runqlat and cpudist, printed as libbpf-tools prints them: slot i counts
 * the values in [2^i, 2^(i+1)) (slot 0 also 0), one row per slot up to the last that counted,
 * each with a bar of up to 40 stars scaled to the largest count.
 *
 * <pre>
 *      usecs               : count    distribution
 *          0 -&gt; 1          : 3        |**                                      |
 *          2 -&gt; 3          : 50       |****************************************|
 * </pre>
 */
public final class Log2Histogram {
    private static final int STARS = 40;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Log2Histogram() {}

    /** The histogram's lines, the header first; none when nothing was counted. */
    public static List<String> lines(long[] slots, String unit) {
        int last = slots.length - 1;
        while (last >= 0 && slots[last] == 0) last--;
        if (last < 0) return List.of();
        long max = Arrays.stream(slots).max().getAsLong();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%5s%-19s : count    distribution", "", unit));
        for (int i = 0; i <= last; i++) {
            long high = (1L << (i + 1)) - 1;
            String bar = "*".repeat((int) (slots[i] * STARS / max));
            lines.add(String.format("%10d -> %-10d : %-8d |%-" + STARS + "s|", i == 0 ? 0 : 1L << i, high, slots[i], bar));
        }
        return lines;
    }

    /** What the tools print after an interval: an empty line, the time under {@code -T}, the histogram. */
    public static List<String> interval(boolean timestamps, long[] slots, String unit) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        if (timestamps) lines.add(LocalTime.now().format(TIME));
        lines.addAll(lines(slots, unit));
        return lines;
    }

    /**
     * Prints {@code take}'s histogram after each interval of the arguments, their count of times,
     * after {@code title}; without an interval, once when the JVM is stopped (Ctrl-C).
     */
    static void print(IntervalArguments arguments, String title, String unit, Supplier<long[]> take) throws InterruptedException {
        System.out.println(title + " Hit Ctrl-C to end.");
        Runnable print = () -> interval(arguments.has("-T"), take.get(), unit).forEach(System.out::println);
        // Ctrl-C before the last interval ends prints what was counted since the previous one
        Thread atExit = new Thread(print);
        Runtime.getRuntime().addShutdownHook(atExit);
        for (long i = 0; i < arguments.count(); i++) {
            Thread.sleep(arguments.interval().map(Duration::toMillis).orElse(Long.MAX_VALUE));
            print.run();
        }
        Runtime.getRuntime().removeShutdownHook(atExit);
    }
}
