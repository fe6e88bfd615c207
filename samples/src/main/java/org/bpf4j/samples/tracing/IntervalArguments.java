package org.bpf4j.samples.tracing;

import java.time.Duration;
import java.util.HashSet;
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
        List<String> known = options.stream().map(Option::flag).toList();
        Set<String> given = new HashSet<>();
        int pid = 0;
        boolean help = false;
        int next = 0;
        for (; next < args.length && args[next].startsWith("-"); next++) {
            String arg = args[next];
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
            } else if (!known.contains(arg)) {
                throw new IllegalArgumentException("unknown option " + arg + ", it takes " + String.join(", ", known));
            } else if (arg.equals("-p")) {
                if (next + 1 == args.length || !args[next + 1].matches("[1-9][0-9]{0,9}")) {
                    throw new IllegalArgumentException("-p needs a process id, a positive number"
                            + (next + 1 == args.length ? "" : ", not '" + args[next + 1] + "'"));
                }
                pid = Integer.parseInt(args[++next]);
            } else {
                given.add(arg);
            }
        }
        List<String> positional = List.of(args).subList(next, args.length);
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
        return new IntervalArguments(pid, Set.copyOf(given), interval, count, help);
    }

    /**
     * {@link #parse}, for a {@code main}: a wrong command line prints what is wrong and the
     * usage to stderr and exits with status 2; {@code -h} prints the help and exits with 0.
     */
    static IntervalArguments parseOrExit(String[] args, String tool, String summary, List<Option> options) {
        try {
            IntervalArguments arguments = parse(args, options);
            if (arguments.help()) {
                System.out.print(help(tool, summary, options));
                System.exit(0);
            }
            return arguments;
        } catch (IllegalArgumentException e) {
            System.err.println(tool + ": " + e.getMessage());
            System.err.println(usage(tool, options));
            System.exit(2);
            throw e;
        }
    }

    static String usage(String tool, List<Option> options) {
        StringBuilder s = new StringBuilder("usage: ").append(tool).append(" [-h]");
        for (Option o : options) s.append(" [").append(o.flag()).append(o.flag().equals("-p") ? " PID]" : "]");
        return s.append(" [interval [count]]").toString();
    }

    /** The usage, what the tool does and a line per option. */
    static String help(String tool, String summary, List<Option> options) {
        StringBuilder s = new StringBuilder(usage(tool, options)).append("\n\n").append(summary).append("\n\n");
        s.append(String.format("  %-8s %s%n", "-h", "print this help"));
        for (Option o : options) s.append(String.format("  %-8s %s%n", o.flag(), o.help()));
        s.append(String.format("  %-8s %s%n", "interval", "print every this many seconds"));
        return s.append(String.format("  %-8s %s%n", "count", "stop after this many prints")).toString();
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }
}
