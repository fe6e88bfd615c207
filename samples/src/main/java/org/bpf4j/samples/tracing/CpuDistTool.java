package org.bpf4j.samples.tracing;

/**
 * Prints how long tasks ran each time they were on a CPU ({@code -O}: how long they were off it),
 * as a log2 histogram, as libbpf-tools' cpudist does ({@link CpuDist} has the program).
 *
 * <p>Usage: {@code CpuDistTool [-O] [-m] [-p PID] [interval [count]]}: {@code -m} in milliseconds
 * instead of microseconds, {@code -p} only the threads of one process; without an interval, one
 * histogram when stopped with Ctrl-C. Needs root.
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
        IntervalArguments arguments = IntervalArguments.parse(args, "CpuDistTool", "-O", "-m", "-p");
        boolean offCpu = arguments.has("-O"), milliseconds = arguments.has("-m");
        try (CpuDistTool tool = attach(arguments.pid(), offCpu, milliseconds)) {
            Log2Histogram.print(arguments, "Tracing " + (offCpu ? "off" : "on") + "-CPU time...", milliseconds ? "msecs" : "usecs",
                    tool::take);
        }
    }
}
