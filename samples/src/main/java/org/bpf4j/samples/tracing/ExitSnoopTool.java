package org.bpf4j.samples.tracing;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Prints every process exit of the machine, one line each, as libbpf-tools' exitsnoop does:
 * command name, pid, parent pid, age in seconds and how it ended — {@code 0}, {@code code N} or
 * {@code signal N} ({@link ExitSnoop} has the program).
 *
 * <p>Usage: {@code ExitSnoopTool [-h] [-p PID] [-T] [-x] [seconds]} ({@code -p}: filtered in Java;
 * {@code -T}: the time first; {@code -x}: failed exits only) (default: until killed). Needs root.
 */
public final class ExitSnoopTool extends RecordTool {
    static final String HEADER = String.format("%-16s %-7s %-7s %-7s %s", "PCOMM", "PID", "PPID", "AGE(s)", "EXIT_CODE");

    /** One exit as the tool reports it; {@code exitCode} is the raw {@code task->exit_code}. */
    public record Exit(String comm, int pid, int ppid, long ageNs, int exitCode) {
        /** Whether the process exited with a non-zero code or by a signal (what {@code -x} keeps). */
        public boolean failed() {
            return exitCode != 0;
        }

        /** The status passed to exit, when the process was not killed by a signal. */
        public int status() {
            return (exitCode >> 8) & 0xff;
        }

        /** The signal that killed the process, or 0. */
        public int signal() {
            return exitCode & 0x7f;
        }

        @Override
        public String toString() {
            String how = signal() != 0 ? "signal " + signal() : status() != 0 ? "code " + status() : "0";
            return String.format("%-16s %-7d %-7d %-7.2f %s", comm, pid, ppid, ageNs / 1e9, how);
        }
    }

    private ExitSnoopTool(ExitSnoopSkeleton skeleton, Consumer<Exit> sink) {
        super(skeleton, skeleton.events().reader(e -> sink.accept(
                new Exit(CStrings.of(e.comm), e.pid, e.ppid, e.ageNs, e.exitCode))));
    }

    /** Starts tracing every process exit; {@link #poll} hands them to {@code sink}. */
    public static ExitSnoopTool attach(Consumer<Exit> sink) {
        return start(ExitSnoopSkeleton.load(), s -> new ExitSnoopTool(s, sink), ExitSnoopSkeleton::attach);
    }

    static final List<ToolArguments.Option> OPTIONS = List.of(
            ToolArguments.Option.pid("the exits"),
            ToolArguments.Option.TIMESTAMPS,
            ToolArguments.Option.failedOnly("exits with a non-zero code or by a signal"));

    public static void main(String[] args) {
        ToolArguments arguments = ToolArguments.parseOrExit(args, "ExitSnoopTool",
                "Prints every process exit of the machine or of one process: command, pid, parent pid, age, exit code or signal.", OPTIONS);
        Instant end = arguments.end();
        try (ExitSnoopTool tool = print(arguments, System.out::println)) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }

    /**
     * Starts the tool as the command line {@code args} asks ({@code [seconds]} aside), printing
     * the header and then a line per event to {@code out}.
     *
     * @throws IllegalArgumentException when the command line is wrong, saying what is
     */
    public static ExitSnoopTool print(String[] args, Consumer<String> out) {
        return print(ToolArguments.parse(args, OPTIONS), out);
    }

    private static ExitSnoopTool print(ToolArguments a, Consumer<String> out) {
        return attach(ToolArguments.ofProcess(a.pid(), Exit::pid, a.lines(HEADER, out, Exit::failed)));
    }
}
