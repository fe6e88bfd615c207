package org.bpf4j.samples.tracing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bpf4j.samples.tracing.ToolArguments.Option;

/**
 * The command line of the tools that print a table or a histogram per interval, as libbpf-tools'
 * runqlat, cpudist, softirqs and hardirqs have it: {@code [-h] [flags] [-p PID] [interval [count]]},
 * the flags single letters such as {@code -m} among the options the tool lists ({@code -p} only
 * where it lists it). A wrong command line is an {@link IllegalArgumentException} saying what is
 * wrong; {@link #parseOrExit} prints it with the usage and exits with status 2, and prints the
 * help for {@code -h} or {@code --help}.
 *
 * @param pid the process to watch, 0 for every process
 * @param flags the flags given, such as {@code "-m"}
 * @param interval how long each table counts; without one, until the JVM is stopped (a histogram
 *        tool) or for {@link #DEFAULT_INTERVAL} (a table tool, which prints once)
 * @param count how many tables to print
 * @param help whether {@code -h} or {@code --help} was given
 */
record IntervalArguments(int pid, Set<String> flags, Optional<Duration> interval, long count, boolean help) {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    private static final String NUMBER = "[1-9][0-9]{0,5}";

    static IntervalArguments parse(String[] args, List<Option> options) {
        CommandLine line = CommandLine.parse(args, options);
        List<String> positional = line.positional();
        if (positional.size() > 2) {
            throw new IllegalArgumentException("an interval and a count at most, found " + String.join(" ", positional));
        }
        for (int i = 0; i < positional.size(); i++) {
            if (!positional.get(i).matches(NUMBER)) {
                throw new IllegalArgumentException((i == 0 ? "the interval is a number of seconds" : "the count is a number")
                        + " from 1 to 999999, not '" + positional.get(i) + "'");
            }
        }
        Optional<Duration> interval = positional.isEmpty() ? Optional.empty()
                : Optional.of(Duration.ofSeconds(Long.parseLong(positional.get(0))));
        long count = positional.size() > 1 ? Long.parseLong(positional.get(1)) : positional.isEmpty() ? 1 : Long.MAX_VALUE;
        return new IntervalArguments(line.pid(), line.flags(), interval, count, line.help());
    }

    /** {@link #parse}, for a {@code main}: see {@link CommandLine#parseOrExit}. */
    static IntervalArguments parseOrExit(String[] args, String tool, String summary, List<Option> options) {
        return CommandLine.parseOrExit(() -> parse(args, options), IntervalArguments::help, tool, usage(tool, options),
                help(tool, summary, options));
    }

    static String usage(String tool, List<Option> options) {
        return CommandLine.usage(tool, options, "[interval [count]]");
    }

    /** The usage, what the tool does and a line per option. */
    static String help(String tool, String summary, List<Option> options) {
        return CommandLine.help(usage(tool, options), summary, options, List.of(
                new Option("interval", "print every this many seconds"), new Option("count", "stop after this many prints")), 8);
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }
}
