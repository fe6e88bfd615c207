package org.bpf4j.samples.tracing;

import java.time.Instant;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Prints every {@code mount} call of the machine, one line each, as libbpf-tools' mountsnoop
 * does: command name, pid, tid and the call with its arguments and return value
 * ({@link MountSnoop} has the programs).
 *
 * <p>Usage: {@code MountSnoopTool [seconds]} (default: until killed). Needs root.
 */
public final class MountSnoopTool extends RecordTool {
    static final String HEADER = String.format("%-16s %-7s %-7s %s", "COMM", "PID", "TID", "CALL");

    /** One mount call as the tool reports it; {@code ret} is 0 or a negative errno. */
    public record Mount(String comm, int pid, int tid, String source, String target, String fstype, long flags, int ret) {
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

    public static void main(String[] args) {
        Instant end = ToolArguments.parse(args, "MountSnoopTool", false).end();
        System.out.println(HEADER);
        try (MountSnoopTool tool = attach(System.out::println)) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }
}
