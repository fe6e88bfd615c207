package org.bpf4j.samples.tracing;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Prints every {@code stat} ({@code newfstatat} or {@code statx}) of the machine or of one
 * process, one line each, as libbpf-tools' statsnoop does: pid, command name, the return value, the
 * errno (0 on success) and the path ({@link StatSnoop} has the programs).
 *
 * <p>Usage: {@code StatSnoopTool [-h] [-p PID] [-T] [-x] [seconds]} ({@code -T}: the time first,
 * {@code -x}: failed calls only) (default: every process, until killed). Needs root.
 */
public final class StatSnoopTool extends RecordTool {
    static final String HEADER = String.format("%-7s %-20s %4s %4s %s", "PID", "COMM", "RET", "ERR", "PATH");

    /** One stat call as the tool reports it: {@code ret} is 0, or a negative errno. */
    public record Stat(int pid, String comm, int ret, String path) {
        /** Whether the call failed (what {@code -x} keeps). */
        public boolean failed() {
            return ret < 0;
        }

        @Override
        public String toString() {
            return String.format("%-7d %-20s %4d %4d %s", pid, comm, ret, ret >= 0 ? 0 : -ret, path);
        }
    }

    private StatSnoopTool(StatSnoopSkeleton skeleton, Consumer<Stat> sink) {
        super(skeleton, skeleton.events().reader(s -> sink.accept(
                new Stat(s.pid, CStrings.of(s.comm), s.ret, CStrings.of(s.pathname)))));
    }

    /**
     * Starts tracing the stat calls of process {@code pid}, or of every process when it is 0;
     * {@link #poll} hands them to {@code sink}.
     */
    public static StatSnoopTool attach(int pid, Consumer<Stat> sink) {
        return start(StatSnoopSkeleton.open().targetPid(pid).load(), s -> new StatSnoopTool(s, sink), StatSnoopSkeleton::attach);
    }

    static final List<ToolArguments.Option> OPTIONS = List.of(
            ToolArguments.Option.pid("the stat calls"),
            ToolArguments.Option.TIMESTAMPS,
            ToolArguments.Option.failedOnly("failed stat calls"));

    public static void main(String[] args) {
        ToolArguments arguments = ToolArguments.parseOrExit(args, "StatSnoopTool",
                "Prints every stat call (newfstatat, statx) of the machine or of one process: pid, command, return value, errno, path.", OPTIONS);
        Instant end = arguments.end();
        try (StatSnoopTool tool = print(arguments, System.out::println)) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }

    /**
     * Starts the tool as the command line {@code args} asks ({@code [seconds]} aside), printing
     * the header and then a line per event to {@code out}.
     *
     * @throws IllegalArgumentException when the command line is wrong, saying what is
     */
    public static StatSnoopTool print(String[] args, Consumer<String> out) {
        return print(ToolArguments.parse(args, OPTIONS), out);
    }

    private static StatSnoopTool print(ToolArguments a, Consumer<String> out) {
        return attach(a.pid(), a.lines(HEADER, out, Stat::failed));
    }
}
