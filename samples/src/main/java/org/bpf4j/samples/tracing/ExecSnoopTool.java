package org.bpf4j.samples.tracing;

import java.time.Instant;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Prints every {@code execve} of the machine, one line each, as libbpf-tools' execsnoop does:
 * the command name after the exec, its pid, its parent's pid, the return value and the file
 * name ({@link ExecSnoop} has the programs). Failed execs are printed too, with their errno
 * and the caller's command name.
 *
 * <p>Usage: {@code ExecSnoopTool [seconds]} (default: until killed). Needs root.
 */
public final class ExecSnoopTool extends RecordTool {
    static final String HEADER = String.format("%-16s %-7s %-7s %4s %s", "PCOMM", "PID", "PPID", "RET", "FILENAME");

    /** One exec as the tool reports it. */
    public record Exec(String comm, int pid, int ppid, int ret, String filename) {
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

    public static void main(String[] args) {
        Instant end = ToolArguments.parse(args, "ExecSnoopTool", false).end();
        System.out.println(HEADER);
        try (ExecSnoopTool tool = attach(System.out::println)) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }
}
