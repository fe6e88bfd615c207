package org.bpf4j.samples.tracing;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Prints every {@code openat} of the machine or of one process, one line each, as libbpf-tools'
 * opensnoop does with {@code -e}: pid, command name, the descriptor (-1 on failure), the errno (0
 * on success), the flags in octal and the path ({@link OpenSnoop} has the programs).
 *
 * <p>Usage: {@code OpenSnoopTool [-h] [-p PID] [-T] [-x] [seconds]} ({@code -T}: the time first,
 * {@code -x}: failed opens only) (default: every process, until killed). Needs root.
 */
public final class OpenSnoopTool extends RecordTool {
    static final String HEADER = String.format("%-7s %-16s %3s %3s %-8s %s", "PID", "COMM", "FD", "ERR", "FLAGS", "PATH");

    /** One open as the tool reports it: {@code ret} is the descriptor, or a negative errno. */
    public record Open(int pid, String comm, int ret, int flags, String path) {
        /** Whether the open failed (what {@code -x} keeps). */
        public boolean failed() {
            return ret < 0;
        }

        @Override
        public String toString() {
            return String.format("%-7d %-16s %3d %3d %08o %s", pid, comm, ret >= 0 ? ret : -1, ret >= 0 ? 0 : -ret, flags, path);
        }
    }

    private OpenSnoopTool(OpenSnoopSkeleton skeleton, Consumer<Open> sink) {
        super(skeleton, skeleton.events().reader(o -> sink.accept(
                new Open(o.pid, CStrings.of(o.comm), o.ret, o.flags, CStrings.of(o.filename)))));
    }

    /**
     * Starts tracing the opens of process {@code pid}, or of every process when it is 0;
     * {@link #poll} hands them to {@code sink}.
     */
    public static OpenSnoopTool attach(int pid, Consumer<Open> sink) {
        return start(OpenSnoopSkeleton.open().targetPid(pid).load(), s -> new OpenSnoopTool(s, sink), OpenSnoopSkeleton::attach);
    }

    static final List<ToolArguments.Option> OPTIONS = List.of(
            ToolArguments.Option.pid("the opens"),
            ToolArguments.Option.TIMESTAMPS,
            ToolArguments.Option.failedOnly("failed opens"));

    public static void main(String[] args) {
        ToolArguments arguments = ToolArguments.parseOrExit(args, "OpenSnoopTool",
                "Prints every openat of the machine or of one process: pid, command, descriptor, errno, flags, path.", OPTIONS);
        Instant end = arguments.end();
        try (OpenSnoopTool tool = print(arguments, System.out::println)) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }

    /**
     * Starts the tool as the command line {@code args} asks ({@code [seconds]} aside), printing
     * the header and then a line per event to {@code out}.
     *
     * @throws IllegalArgumentException when the command line is wrong, saying what is
     */
    public static OpenSnoopTool print(String[] args, Consumer<String> out) {
        return print(ToolArguments.parse(args, OPTIONS), out);
    }

    private static OpenSnoopTool print(ToolArguments a, Consumer<String> out) {
        return attach(a.pid(), a.lines(HEADER, out, Open::failed));
    }
}
