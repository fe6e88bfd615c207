package org.bpf4j.samples.tracing;

import java.time.Instant;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Prints every signal generated on the machine or sent by one process, one line each, as
 * libbpf-tools' sigsnoop does: the sender's pid and command name, the signal, the target thread
 * and the result ({@link SigSnoop} has the program).
 *
 * <p>Usage: {@code SigSnoopTool [-p PID] [seconds]} (default: every sender, until killed). Needs root.
 */
public final class SigSnoopTool extends RecordTool {
    static final String HEADER = String.format("%-7s %-16s %-4s %-7s %s", "PID", "COMM", "SIG", "TPID", "RESULT");

    /** One signal as the tool reports it; {@code result} is 0 when delivered. */
    public record Signal(int pid, String comm, int sig, int targetPid, int result) {
        @Override
        public String toString() {
            return String.format("%-7d %-16s %-4d %-7d %d", pid, comm, sig, targetPid, result);
        }
    }

    private SigSnoopTool(SigSnoopSkeleton skeleton, Consumer<Signal> sink) {
        super(skeleton, skeleton.events().reader(s -> sink.accept(
                new Signal(s.pid, CStrings.of(s.comm), s.sig, s.targetPid, s.result))));
    }

    /** Starts tracing the signals {@code pid} sends, or every signal when it is 0; {@link #poll} hands them to {@code sink}. */
    public static SigSnoopTool attach(int pid, Consumer<Signal> sink) {
        return start(SigSnoopSkeleton.open().targetPid(pid).load(), s -> new SigSnoopTool(s, sink), SigSnoopSkeleton::attach);
    }

    public static void main(String[] args) {
        ToolArguments arguments = ToolArguments.parse(args, "SigSnoopTool", true);
        Instant end = arguments.end();
        System.out.println(HEADER);
        try (SigSnoopTool tool = attach(arguments.pid(), System.out::println)) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }
}
