package org.bpf4j.samples.execlog;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.lang.TracepointFormat;
import org.bpf4j.lang.spi.RecordReader;

/**
 * Attaches {@link ExecLog} to the {@code sched/sched_process_exec} tracepoint and prints every
 * exec on the machine (pid, uid, command) as the ring buffer delivers it.
 *
 * <p>Usage: {@code ExecLogDemo [seconds]} (default 10). Needs root.
 */
public final class ExecLogDemo {
    /** One exec seen, with its command decoded. */
    public record Exec(int pid, int uid, String command) {}

    public static void main(String[] args) {
        if (args.length > 1 || (args.length == 1 && !args[0].matches("[1-9][0-9]{0,4}"))) {
            System.err.println("usage: ExecLogDemo [seconds 1-99999]");
            System.exit(2);
        }
        int seconds = args.length == 1 ? Integer.parseInt(args[0]) : 10;
        System.out.printf("logging execs for %d s (run some commands)...%n", seconds);
        List<Exec> seen = run(Duration.ofSeconds(seconds), System.out, () -> {});
        System.out.printf("done: %d execs%n", seen.size());
    }

    /**
     * Logs execs for {@code duration}, printing each to {@code out}; {@code workload} runs once
     * the program is attached (a test starts processes there). Returns every exec seen.
     */
    public static List<Exec> run(Duration duration, PrintStream out, Runnable workload) {
        TracepointFormat.read("sched", "sched_process_exec").check(ExecLog.SchedProcessExec.class);
        List<Exec> seen = new ArrayList<>();
        try (ExecLogSkeleton log = ExecLogSkeleton.load().attach();
                RecordReader reader = log.execs().reader(e -> {
                    Exec exec = new Exec(e.pid, e.uid, e.command());
                    seen.add(exec);
                    out.printf("exec pid=%-7d uid=%-5d %s%n", exec.pid(), exec.uid(), exec.command());
                })) {
            workload.run();
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                reader.poll(Duration.ofMillis(100));
            }
            return seen;
        }
    }

    private ExecLogDemo() {}
}
