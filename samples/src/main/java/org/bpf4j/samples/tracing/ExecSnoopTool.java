package org.bpf4j.samples.tracing;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Prints every {@code execve} of the machine, one line each, as libbpf-tools' execsnoop does:
 * the command name after the exec, its pid, its parent's pid, the return value and the file
 * name ({@link ExecSnoop} has the programs). Failed execs are printed too, with their errno
 * and the caller's command name.
 *
 * <p>Usage: {@code ExecSnoopTool [-h] [-T] [-x] [seconds]} ({@code -T}: the time first, {@code -x}:
 * failed execs only) (default: until killed). Needs root.
 */
public final class ExecSnoopTool extends RecordTool {
    static final String HEADER = String.format("%-16s %-7s %-7s %4s %s", "PCOMM", "PID", "PPID", "RET", "FILENAME");

    /** One exec as the tool reports it. */
    public record Exec(String comm, int pid, int ppid, int ret, String filename) {
        /** Whether the exec failed (what {@code -x} keeps). */
        public boolean failed() {
            return ret != 0;
        }

        @Override
        public String toString() {
            return String.format("%-16s %-7d %-7d %4d %s", comm, pid, ppid, ret, filename);
        }
    }

    private ExecSnoopTool(ExecSnoopSkeleton skeleton, Consumer<Exec> sink) {
        super(skeleton, skeleton.events().reader(e -> sink.accept(
                new Exec(CStrings.of(e.comm), e.pid, e.ppid, e.ret, CStrings.of(e.filename)))));
    }

    /** Starts tracing every exec; {@link #poll} hands them to {@code sink}. */
    public static ExecSnoopTool attach(Consumer<Exec> sink) {
        return start(ExecSnoopSkeleton.load(), s -> new ExecSnoopTool(s, sink), ExecSnoopSkeleton::attach);
    }

    static final List<ToolArguments.Option> OPTIONS = List.of(
            ToolArguments.Option.TIMESTAMPS,
            ToolArguments.Option.failedOnly("failed execs"));

    public static void main(String[] args) {
        ToolArguments arguments = ToolArguments.parseOrExit(args, "ExecSnoopTool",
                "Prints every exec of the machine: command, pid, parent pid, return value, file name.", OPTIONS);
        Instant end = arguments.end();
        try (ExecSnoopTool tool = print(arguments, System.out::println)) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }

    /**
     * Starts the tool as the command line {@code args} asks ({@code [seconds]} aside), printing
     * the header and then a line per event to {@code out}.
     *
     * @throws IllegalArgumentException when the command line is wrong, saying what is
     */
    public static ExecSnoopTool print(String[] args, Consumer<String> out) {
        return print(ToolArguments.parse(args, OPTIONS), out);
    }

    private static ExecSnoopTool print(ToolArguments a, Consumer<String> out) {
        return attach(a.lines(HEADER, out, Exec::failed));
    }
}
