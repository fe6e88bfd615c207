package org.bpf4j.samples.tracing;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * The command line the tracing tools share: {@code [-p PID] [seconds]} (the {@code -p} filter only
 * where the tool has one); wrong arguments print the usage and exit with status 2.
 *
 * @param pid the process to watch, 0 for every process
 * @param seconds how long to watch, when given
 */
record ToolArguments(int pid, OptionalLong seconds) {
    static ToolArguments parse(String[] args, String tool, boolean pidFilter) {
        int pid = 0;
        int next = 0;
        if (pidFilter && args.length >= 2 && args[0].equals("-p") && args[1].matches("[1-9][0-9]{0,9}")) {
            pid = Integer.parseInt(args[1]);
            next = 2;
        }
        if (args.length - next > 1 || args.length - next == 1 && !args[next].matches("[1-9][0-9]{0,5}")) {
            System.err.println("usage: " + tool + (pidFilter ? " [-p PID]" : "") + " [seconds]");
            System.exit(2);
        }
        return new ToolArguments(pid, args.length > next ? OptionalLong.of(Long.parseLong(args[next])) : OptionalLong.empty());
    }

    /** When to stop: after the seconds given, or never. */
    Instant end() {
        return seconds.isPresent() ? Instant.now().plusSeconds(seconds.getAsLong()) : Instant.MAX;
    }
}
