package org.bpf4j.samples.tracing;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of the tools that print a table or a histogram per interval, as libbpf-tools'
 * runqlat, cpudist, softirqs and hardirqs have it: {@code [flags] [-p PID] [interval [count]]}, the
 * flags single letters such as {@code -m} among those the tool lists ({@code -p} only where it lists
 * it); wrong arguments print the usage and exit with status 2.
 *
 * @param pid the process to watch, 0 for every process
 * @param flags the flags given, such as {@code "-m"}
 * @param interval how long each table counts; without one, until the JVM is stopped (a histogram
 *        tool) or for {@link #DEFAULT_INTERVAL} (a table tool, which prints once)
 * @param count how many tables to print
 */
record IntervalArguments(int pid, Set<String> flags, Optional<Duration> interval, long count) {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    static IntervalArguments parse(String[] args, String tool, String... flags) {
        List<String> known = List.of(flags);
        Set<String> given = new HashSet<>();
        int pid = 0;
        int next = 0;
        for (; next < args.length && args[next].startsWith("-"); next++) {
            if (args[next].equals("-p") && known.contains("-p") && next + 1 < args.length && args[next + 1].matches("[1-9][0-9]{0,9}")) {
                pid = Integer.parseInt(args[++next]);
            } else if (!args[next].equals("-p") && known.contains(args[next])) {
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
        System.err.println("usage: " + tool + Arrays.stream(flags).map(f -> f.equals("-p") ? " [-p PID]" : " [" + f + "]")
                .reduce("", String::concat) + " [interval [count]]");
        System.exit(2);
    }
}
