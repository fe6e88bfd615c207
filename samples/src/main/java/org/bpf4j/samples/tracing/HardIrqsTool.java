package org.bpf4j.samples.tracing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Totals the time the machine spends in interrupt handlers, as libbpf-tools' hardirqs does, and
 * prints them per interval: in microseconds, in nanoseconds ({@code -N}), or the runs
 * ({@code -C}), with the time of day ({@code -T}) ({@link HardIrqs} has the programs). The
 * totals are per interrupt line, named after its handlers as {@code /proc/irq/N/} lists them
 * (a shared line's names joined by commas), where the C tool keys each handler by its name.
 *
 * <p>Usage: {@code HardIrqsTool [-h] [-C] [-N] [-T] [interval [count]]} (default: one table after 5
 * seconds). Needs root.
 */
public final class HardIrqsTool implements AutoCloseable {
    private static final Path PROC_IRQ = Path.of("/proc/irq");

    private final HardIrqsSkeleton skeleton;

    private HardIrqsTool(HardIrqsSkeleton skeleton) {
        this.skeleton = skeleton;
    }

    /** Starts totalling every interrupt handler of the machine. */
    public static HardIrqsTool attach() {
        HardIrqsSkeleton skeleton = HardIrqsSkeleton.load();
        try {
            skeleton.attach();
            return new HardIrqsTool(skeleton);
        } catch (RuntimeException e) {
            skeleton.close();
            throw e;
        }
    }

    /** The runs and time of each interrupt line since the tool attached, by number. */
    public Map<Integer, IrqTotals> totals() {
        Map<Integer, IrqTotals> totals = new TreeMap<>();
        skeleton.totals().forEach((irq, t) -> totals.put(irq, new IrqTotals(t.count, t.time)));
        return totals;
    }

    /** The same totals by line name. */
    public static Map<String, IrqTotals> byName(Map<Integer, IrqTotals> totals) {
        Map<String, IrqTotals> named = new LinkedHashMap<>();
        totals.forEach((irq, t) -> named.merge(name(irq), t, (a, b) -> new IrqTotals(a.count() + b.count(), a.nanos() + b.nanos())));
        return named;
    }

    /** The names of line {@code irq}'s handlers, the folders of {@code /proc/irq/N/}; {@code irq N} when it has none. */
    public static String name(int irq) {
        try (Stream<Path> entries = Files.list(PROC_IRQ.resolve(Integer.toString(irq)))) {
            String names = entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                    .collect(Collectors.joining(","));
            return names.isEmpty() ? "irq " + irq : names;
        } catch (IOException e) {
            return "irq " + irq;
        }
    }

    @Override
    public void close() {
        skeleton.close();
    }

    public static void main(String[] args) throws InterruptedException {
        IntervalArguments arguments = IntervalArguments.parseOrExit(args, "HardIrqsTool",
                "Prints the time spent in each interrupt line per interval (default: one table after 5 seconds).", List.of(
                        new ToolArguments.Option("-C", "count the runs instead of the time"),
                        new ToolArguments.Option("-N", "in nanoseconds instead of microseconds"),
                        new ToolArguments.Option("-T", "print the time (HH:MM:SS) before each table")));
        try (HardIrqsTool tool = attach()) {
            System.out.println("Tracing hard irq event time... Hit Ctrl-C to end.");
            IrqTotals.print(arguments, "HARDIRQ", 26, () -> byName(tool.totals()));
        }
    }
}
