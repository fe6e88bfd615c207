package org.bpf4j.samples.tracing;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Prints every {@code mount} call of the machine, one line each, as libbpf-tools' mountsnoop
 * does: command name, pid, tid and the call with its arguments and return value
 * ({@link MountSnoop} has the programs).
 *
 * <p>Usage: {@code MountSnoopTool [-h] [-p PID] [-T] [-x] [seconds]} ({@code -p}: filtered in Java;
 * {@code -T}: the time first; {@code -x}: failed calls only) (default: until killed). Needs root.
 */
public final class MountSnoopTool extends RecordTool {
    static final String HEADER = String.format("%-16s %-7s %-7s %s", "COMM", "PID", "TID", "CALL");

    /** One mount call as the tool reports it; {@code ret} is 0 or a negative errno. */
    public record Mount(String comm, int pid, int tid, String source, String target, String fstype, long flags, int ret) {
        /** Whether the call failed (what {@code -x} keeps). */
        public boolean failed() {
            return ret != 0;
        }

        @Override
        public String toString() {
            return String.format("%-16s %-7d %-7d mount(\"%s\", \"%s\", \"%s\", 0x%x) = %d", comm, pid, tid, source, target,
                    fstype, flags, ret);
        }
    }

    private MountSnoopTool(MountSnoopSkeleton skeleton, Consumer<Mount> sink) {
        super(skeleton, skeleton.events().reader(m -> sink.accept(new Mount(CStrings.of(m.comm), m.pid, m.tid,
                CStrings.of(m.source), CStrings.of(m.target), CStrings.of(m.fstype), m.flags, m.ret))));
    }

    /** Starts tracing every mount call; {@link #poll} hands them to {@code sink}. */
    public static MountSnoopTool attach(Consumer<Mount> sink) {
        return start(MountSnoopSkeleton.load(), s -> new MountSnoopTool(s, sink), MountSnoopSkeleton::attach);
    }

    static final List<ToolArguments.Option> OPTIONS = List.of(
            ToolArguments.Option.pid("the mount calls"),
            ToolArguments.Option.TIMESTAMPS,
            ToolArguments.Option.failedOnly("failed mount calls"));

    public static void main(String[] args) {
        ToolArguments arguments = ToolArguments.parseOrExit(args, "MountSnoopTool",
                "Prints every mount and umount of the machine or of one process: command, pid, tid, the call with its arguments and result.", OPTIONS);
        Instant end = arguments.end();
        try (MountSnoopTool tool = print(arguments, System.out::println)) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }

    /**
     * Starts the tool as the command line {@code args} asks ({@code [seconds]} aside), printing
     * the header and then a line per event to {@code out}.
     *
     * @throws IllegalArgumentException when the command line is wrong, saying what is
     */
    public static MountSnoopTool print(String[] args, Consumer<String> out) {
        return print(ToolArguments.parse(args, OPTIONS), out);
    }

    private static MountSnoopTool print(ToolArguments a, Consumer<String> out) {
        return attach(ToolArguments.ofProcess(a.pid(), Mount::pid, a.lines(HEADER, out, Mount::failed)));
    }
}
