package org.bpf4j.samples.tracing;

import java.util.List;

/**
 * Prints how long tasks ran each time they were on a CPU ({@code -O}: how long they were off it),
 * as a log2 histogram, as libbpf-tools' cpudist does ({@link CpuDist} has the program).
 *
 * <p>Usage: {@code CpuDistTool [-h] [-O] [-m] [-p PID] [-T] [interval [count]]}: {@code -m} in milliseconds
 * instead of microseconds, {@code -p} only the threads of one process, {@code -T} the time before
 * each histogram; without an interval, one histogram when stopped with Ctrl-C. Needs root.
 */
public final class CpuDistTool implements AutoCloseable {
    private final CpuDistSkeleton skeleton;

    private CpuDistTool(CpuDistSkeleton skeleton) {
        this.skeleton = skeleton;
    }

    /** Starts measuring the times on (or off) a CPU of process {@code pid}'s threads, or of every task when it is 0. */
    public static CpuDistTool attach(int pid, boolean offCpu, boolean milliseconds) {
        CpuDistSkeleton skeleton = CpuDistSkeleton.open().targetPid(pid).offCpu(offCpu).milliseconds(milliseconds).load();
        try {
            skeleton.attach();
            return new CpuDistTool(skeleton);
        } catch (RuntimeException e) {
            skeleton.close();
            throw e;
        }
    }

    /** The histogram counted since the previous call (or the start), and a new one begins. */
    public long[] take() {
        long[] slots = skeleton.slots();
        skeleton.slots(new long[CpuDist.SLOTS]);
        return slots;
    }

    @Override
    public void close() {
        skeleton.close();
    }

    public static void main(String[] args) throws InterruptedException {
        IntervalArguments arguments = IntervalArguments.parseOrExit(args, "CpuDistTool",
                "Prints a log2 histogram of the time threads run on a CPU (-O: off it) at a stretch.", List.of(
                        new ToolArguments.Option("-O", "the time off a CPU instead"),
                        new ToolArguments.Option("-m", "in milliseconds instead of microseconds"),
                        ToolArguments.Option.pid("the threads"),
                        new ToolArguments.Option("-T", "print the time (HH:MM:SS) before each histogram")));
        boolean offCpu = arguments.has("-O"), milliseconds = arguments.has("-m");
        try (CpuDistTool tool = attach(arguments.pid(), offCpu, milliseconds)) {
            Log2Histogram.print(arguments, "Tracing " + (offCpu ? "off" : "on") + "-CPU time...", milliseconds ? "msecs" : "usecs",
                    tool::take);
        }
    }
}
