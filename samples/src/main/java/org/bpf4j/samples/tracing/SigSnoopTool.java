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
        int pid = 0;
        int next = 0;
        if (args.length >= 2 && args[0].equals("-p") && args[1].matches("[1-9][0-9]{0,9}")) {
            pid = Integer.parseInt(args[1]);
            next = 2;
        }
        if (args.length - next > 1 || args.length - next == 1 && !args[next].matches("[1-9][0-9]{0,5}")) {
            System.err.println("usage: SigSnoopTool [-p PID] [seconds]");
            System.exit(2);
        }
        Instant end = args.length > next ? Instant.now().plusSeconds(Long.parseLong(args[next])) : Instant.MAX;
        System.out.println(HEADER);
        try (SigSnoopTool tool = attach(pid, System.out::println)) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }
}
