package org.bpf4j.samples.tracing;

import java.util.List;

/**
 * Prints how long tasks waited on a run queue before they ran, as a log2 histogram, as
 * libbpf-tools' runqlat does ({@link RunqLat} has the program).
 *
 * <p>Usage: {@code RunqLatTool [-h] [-m] [-p PID] [-T] [interval [count]]}: {@code -m} in milliseconds
 * instead of microseconds, {@code -p} only the threads of one process, {@code -T} the time before
 * each histogram; without an interval, one histogram when stopped with Ctrl-C. Needs root.
 */
public final class RunqLatTool implements AutoCloseable {
    private final RunqLatSkeleton skeleton;

    private RunqLatTool(RunqLatSkeleton skeleton) {
        this.skeleton = skeleton;
    }

    /** Starts measuring the waits of process {@code pid}'s threads, or of every task when it is 0. */
    public static RunqLatTool attach(int pid, boolean milliseconds) {
        RunqLatSkeleton skeleton = RunqLatSkeleton.open().targetPid(pid).milliseconds(milliseconds).load();
        try {
            skeleton.attach();
            return new RunqLatTool(skeleton);
        } catch (RuntimeException e) {
            skeleton.close();
            throw e;
        }
    }

    /** The histogram counted since the previous call (or the start), and a new one begins. */
    public long[] take() {
        long[] slots = skeleton.slots();
        skeleton.slots(new long[RunqLat.SLOTS]);
        return slots;
    }

    @Override
    public void close() {
        skeleton.close();
    }

    public static void main(String[] args) throws InterruptedException {
        IntervalArguments arguments = IntervalArguments.parseOrExit(args, "RunqLatTool",
                "Prints a log2 histogram of the time threads wait on a run queue.", List.of(
                        new ToolArguments.Option("-m", "in milliseconds instead of microseconds"),
                        ToolArguments.Option.pid("the threads"),
                        new ToolArguments.Option("-T", "print the time (HH:MM:SS) before each histogram")));
        boolean milliseconds = arguments.has("-m");
        try (RunqLatTool tool = attach(arguments.pid(), milliseconds)) {
            Log2Histogram.print(arguments, "Tracing run queue latency...", milliseconds ? "msecs" : "usecs", tool::take);
        }
    }
}
