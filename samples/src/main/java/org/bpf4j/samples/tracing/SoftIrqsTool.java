package org.bpf4j.samples.tracing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Totals the time the machine spends in each softirq vector, as libbpf-tools' softirqs does, and
 * prints them per interval: in microseconds, in nanoseconds ({@code -N}), or the runs
 * ({@code -C}), with the time of day ({@code -T}) ({@link SoftIrqs} has the programs).
 *
 * <p>Usage: {@code SoftIrqsTool [-h] [-C] [-N] [-T] [interval [count]]} (default: one table after 5
 * seconds). Needs root.
 */
public final class SoftIrqsTool implements AutoCloseable {
    /** The vectors' names, by number, as the kernel's {@code softirq_to_name} has them (in lower case, as the tool prints them). */
    public static final List<String> NAMES = List.of("hi", "timer", "net_tx", "net_rx", "block", "irq_poll", "tasklet", "sched",
            "hrtimer", "rcu");

    private final SoftIrqsSkeleton skeleton;

    private SoftIrqsTool(SoftIrqsSkeleton skeleton) {
        this.skeleton = skeleton;
    }

    /** Starts totalling every softirq of the machine. */
    public static SoftIrqsTool attach() {
        SoftIrqsSkeleton skeleton = SoftIrqsSkeleton.load();
        try {
            skeleton.attach();
            return new SoftIrqsTool(skeleton);
        } catch (RuntimeException e) {
            skeleton.close();
            throw e;
        }
    }

    /** The runs and time of each vector since the tool attached, in vector order. */
    public Map<String, IrqTotals> totals() {
        long[] counts = skeleton.counts(), times = skeleton.times();
        Map<String, IrqTotals> totals = new LinkedHashMap<>();
        for (int vec = 0; vec < NAMES.size(); vec++) {
            totals.put(NAMES.get(vec), new IrqTotals(counts[vec], times[vec]));
        }
        return totals;
    }

    @Override
    public void close() {
        skeleton.close();
    }

    public static void main(String[] args) throws InterruptedException {
        IntervalArguments arguments = IntervalArguments.parseOrExit(args, "SoftIrqsTool",
                "Prints the time spent in each softirq vector per interval (default: one table after 5 seconds).", List.of(
                        new ToolArguments.Option("-C", "count the runs instead of the time"),
                        new ToolArguments.Option("-N", "in nanoseconds instead of microseconds"),
                        new ToolArguments.Option("-T", "print the time (HH:MM:SS) before each table")));
        try (SoftIrqsTool tool = attach()) {
            System.out.println("Tracing soft irq event time... Hit Ctrl-C to end.");
            IrqTotals.print(arguments, "SOFTIRQ", 16, tool::totals);
        }
    }
}
