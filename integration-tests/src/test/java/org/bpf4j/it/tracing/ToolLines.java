package org.bpf4j.it.tracing;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.bpf4j.samples.usdt.RecordTool;

/** The lines a tool started from its command line prints, as a test waits for them. */
final class ToolLines {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private ToolLines() {}

    /** The first of {@code lines} that {@code wanted} accepts, polling {@code tool} until it comes. */
    static String await(RecordTool tool, List<String> lines, Predicate<String> wanted) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            tool.poll(Duration.ofMillis(100));
            for (String line : lines) {
                if (wanted.test(line)) return line;
            }
        }
        throw new AssertionError("no such line within " + PATIENCE + " among " + lines);
    }
}
