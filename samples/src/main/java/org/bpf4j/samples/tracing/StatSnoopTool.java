package org.bpf4j.samples.tracing;

import java.time.Instant;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Prints every {@code stat} ({@code newfstatat} or {@code statx}) of the machine or of one
 * process, one line each, as libbpf-tools' statsnoop does: pid, command name, the return value, the
 * errno (0 on success) and the path ({@link StatSnoop} has the programs).
 *
 * <p>Usage: {@code StatSnoopTool [-p PID] [seconds]} (default: every process, until killed).
 * Needs root.
 */
public final class StatSnoopTool extends RecordTool {
    static final String HEADER = String.format("%-7s %-20s %4s %4s %s", "PID", "COMM", "RET", "ERR", "PATH");

    /** One stat call as the tool reports it: {@code ret} is 0, or a negative errno. */
    public record Stat(int pid, String comm, int ret, String path) {
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

    public static void main(String[] args) {
        ToolArguments arguments = ToolArguments.parse(args, "StatSnoopTool", true);
        Instant end = arguments.end();
        System.out.println(HEADER);
        try (StatSnoopTool tool = attach(arguments.pid(), System.out::println)) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }
}
