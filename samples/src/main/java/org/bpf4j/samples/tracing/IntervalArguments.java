package org.bpf4j.samples.tracing;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of the histogram tools, as libbpf-tools' runqlat and cpudist have it:
 * {@code [flags] [-p PID] [interval [count]]}, the flags single letters such as {@code -m};
 * wrong arguments print the usage and exit with status 2.
 *
 * @param pid the process to watch, 0 for every process
 * @param flags the flags given, such as {@code "-m"}
 * @param interval how long each histogram counts; without one, until the JVM is stopped
 * @param count how many histograms to print
 */
record IntervalArguments(int pid, Set<String> flags, Optional<Duration> interval, long count) {
    static IntervalArguments parse(String[] args, String tool, String... flags) {
        Set<String> given = new HashSet<>();
        int pid = 0;
        int next = 0;
        for (; next < args.length && args[next].startsWith("-"); next++) {
            if (args[next].equals("-p") && next + 1 < args.length && args[next + 1].matches("[1-9][0-9]{0,9}")) {
                pid = Integer.parseInt(args[++next]);
            } else if (Arrays.asList(flags).contains(args[next])) {
                given.add(args[next]);
            } else {
                usage(tool, flags);
            }
        }
        int positional = args.length - next;
        if (positional > 2 || Arrays.stream(args, next, args.length).anyMatch(a -> !a.matches("[1-9][0-9]{0,5}"))) {
            usage(tool, flags);
        }
        Optional<Duration> interval = positional > 0 ? Optional.of(Duration.ofSeconds(Long.parseLong(args[next]))) : Optional.empty();
        long count = positional > 1 ? Long.parseLong(args[next + 1]) : positional > 0 ? Long.MAX_VALUE : 1;
        return new IntervalArguments(pid, Set.copyOf(given), interval, count);
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    private static void usage(String tool, String... flags) {
        System.err.println("usage: " + tool + Arrays.stream(flags).map(f -> " [" + f + "]").reduce("", String::concat)
                + " [-p PID] [interval [count]]");
        System.exit(2);
    }
}
