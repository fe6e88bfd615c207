package org.bpf4j.samples.tracing;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs and time of one interrupt handler or softirq vector, and the tables hardirqs and softirqs
 * print of them: a header, then a line per name that ran, in the order of the map.
 *
 * @param count how many times it ran
 * @param nanos the time it ran, in nanoseconds
 */
public record IrqTotals(long count, long nanos) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** What ran between {@code earlier} and {@code now}, per name. */
    static Map<String, IrqTotals> since(Map<String, IrqTotals> now, Map<String, IrqTotals> earlier) {
        Map<String, IrqTotals> delta = new LinkedHashMap<>();
        now.forEach((name, t) -> {
            IrqTotals e = earlier.getOrDefault(name, new IrqTotals(0, 0));
            delta.put(name, new IrqTotals(t.count - e.count, t.nanos - e.nanos));
        });
        return delta;
    }

    /**
     * The table of {@code totals} under the column {@code what} ({@code SOFTIRQ}, {@code HARDIRQ})
     * of {@code width}: counts ({@code -C}), else time in microseconds, or nanoseconds ({@code -N}).
     */
    public static List<String> table(String what, int width, Map<String, IrqTotals> totals, boolean counts, boolean nanos) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-" + width + "s %11s", what, counts ? "TOTAL_count" : nanos ? "TOTAL_nsecs" : "TOTAL_usecs"));
        totals.forEach((name, t) -> {
            if (t.count > 0) {
                lines.add(String.format("%-" + width + "s %11d", name, counts ? t.count : nanos ? t.nanos : t.nanos / 1000));
            }
        });
        return lines;
    }

    /** The tools' main loop: a table of what ran in each interval, with the time first under {@code -T}. */
    static void print(IntervalArguments arguments, String what, int width, Supplier<Map<String, IrqTotals>> totals)
            throws InterruptedException {
        Map<String, IrqTotals> last = totals.get();
        for (long n = 0; n < arguments.count(); n++) {
            Thread.sleep(arguments.interval().orElse(IntervalArguments.DEFAULT_INTERVAL).toMillis());
            Map<String, IrqTotals> now = totals.get();
            if (arguments.has("-T")) {
                System.out.println(LocalTime.now().format(TIME));
            }
            table(what, width, since(now, last), arguments.has("-C"), arguments.has("-N")).forEach(System.out::println);
            System.out.println();
            last = now;
        }
    }
}
