package org.bpf4j.samples.tracing;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Prints every signal generated on the machine or sent by one process, one line each, as
 * libbpf-tools' sigsnoop does: the sender's pid and command name, the signal, the target thread
 * and the result ({@link SigSnoop} has the program).
 *
 * <p>Usage: {@code SigSnoopTool [-h] [-p PID] [-T] [-x] [seconds]} ({@code -T}: the time first,
 * {@code -x}: signals not delivered only) (default: every sender, until killed). Needs root.
 */
public final class SigSnoopTool extends RecordTool {
    static final String HEADER = String.format("%-7s %-16s %-4s %-7s %s", "PID", "COMM", "SIG", "TPID", "RESULT");

    /** One signal as the tool reports it; {@code result} is 0 when delivered. */
    public record Signal(int pid, String comm, int sig, int targetPid, int result) {
        /** Whether the signal was not delivered: ignored, already pending... (what {@code -x} keeps). */
        public boolean failed() {
            return result != 0;
        }

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

    static final List<ToolArguments.Option> OPTIONS = List.of(
            ToolArguments.Option.pid("the signals sent"),
            ToolArguments.Option.TIMESTAMPS,
            ToolArguments.Option.failedOnly("signals not delivered (a result other than 0: ignored, already pending...)"));

    public static void main(String[] args) {
        ToolArguments arguments = ToolArguments.parseOrExit(args, "SigSnoopTool",
                "Prints every signal sent on the machine or by one process: sender pid and command, signal, target, result.", OPTIONS);
        Instant end = arguments.end();
        try (SigSnoopTool tool = print(arguments, System.out::println)) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }

    /**
     * Starts the tool as the command line {@code args} asks ({@code [seconds]} aside), printing
     * the header and then a line per event to {@code out}.
     *
     * @throws IllegalArgumentException when the command line is wrong, saying what is
     */
    public static SigSnoopTool print(String[] args, Consumer<String> out) {
        return print(ToolArguments.parse(args, OPTIONS), out);
    }

    private static SigSnoopTool print(ToolArguments a, Consumer<String> out) {
        return attach(a.pid(), a.lines(HEADER, out, Signal::failed));
    }
}
