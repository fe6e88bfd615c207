package org.bpf4j.runtime;

import java.util.Optional;
import org.bpf4j.runtime.sys.Errno;

/**
 * The kernel verifier rejected a program. Carries the verifier's log and, when the object had
 * line info, the source line of the instruction the verifier stopped at.
 */
public class VerifierException extends BpfException {
    private final String program;
    private final String log;
    private final String sourceLine;

    public VerifierException(String program, int errno, String log, String sourceLine) {
        super(message(program, errno, log, sourceLine), errno);
        this.program = program;
        this.log = log;
        this.sourceLine = sourceLine;
    }

    private static String message(String program, int errno, String log, String sourceLine) {
        StringBuilder sb = new StringBuilder("verifier rejected program '").append(program).append("' (")
                .append(Errno.describe(errno)).append(")");
        String last = lastMeaningfulLine(log);
        if (!last.isEmpty()) sb.append(": ").append(last);
        if (sourceLine != null) sb.append("\n  at source: ").append(sourceLine);
        if (!log.isEmpty()) sb.append("\n--- verifier log ---\n").append(tail(log, 60));
        return sb.toString();
    }

    /** The verifier ends its log with the reason, then sometimes a "processed N insns" summary. */
    private static String lastMeaningfulLine(String log) {
        String[] lines = log.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            if (!l.isEmpty() && !l.startsWith("processed ") && !l.startsWith("verification time")
                    && !l.startsWith("stack depth")) {
                return l;
            }
        }
        return "";
    }

    private static String tail(String log, int maxLines) {
        String[] lines = log.split("\n");
        if (lines.length <= maxLines) return log;
        return "... (" + (lines.length - maxLines) + " lines omitted)\n"
                + String.join("\n", java.util.Arrays.copyOfRange(lines, lines.length - maxLines, lines.length));
    }

    public String program() {
        return program;
    }

    /** The full verifier log (empty when the kernel gave none). */
    public String log() {
        return log;
    }

    /** The source line of the rejected instruction, from the object's line info. */
    public Optional<String> sourceLine() {
        return Optional.ofNullable(sourceLine);
    }
}
