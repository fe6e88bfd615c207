package org.bpf4j.samples.tracing;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The command line of the tools that print totals per interval: {@code [-X]... [interval [count]]},
 * flags of one letter among those the tool has; wrong arguments print the usage and exit with
 * status 2. Without an interval the tool prints once, after {@link #DEFAULT_SECONDS}; with an
 * interval and no count, until killed.
 *
 * @param flags the letters given
 * @param interval seconds between two tables
 * @param count how many tables, {@link Long#MAX_VALUE} for no end
 */
record IntervalArguments(Set<Character> flags, long interval, long count) {
    static final long DEFAULT_SECONDS = 5;

    static IntervalArguments parse(String[] args, String tool, String letters) {
        int next = 0;
        while (next < args.length && args[next].matches("-[" + letters + "]")) {
            next++;
        }
        int left = args.length - next;
        if (left > 2 || left > 0 && !args[next].matches("[1-9][0-9]{0,5}") || left > 1 && !args[next + 1].matches("[1-9][0-9]{0,9}")) {
            String usage = letters.chars().mapToObj(c -> " [-" + (char) c + "]").collect(Collectors.joining());
            System.err.println("usage: " + tool + usage + " [interval [count]]");
            System.exit(2);
        }
        Set<Character> flags = Arrays.stream(args, 0, next).map(a -> a.charAt(1)).collect(Collectors.toSet());
        return left == 0 ? new IntervalArguments(flags, DEFAULT_SECONDS, 1)
                : new IntervalArguments(flags, Long.parseLong(args[next]), left > 1 ? Long.parseLong(args[next + 1]) : Long.MAX_VALUE);
    }

    boolean has(char flag) {
        return flags.contains(flag);
    }
}
