package org.bpf4j.samples.tracing;

import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The command line the tools that print one line per event share:
 * {@code [-h] [-T] [-x] [-p PID] [seconds]}, each option only where the tool lists it, as
 * libbpf-tools' snoops have them. A wrong command line is an {@link IllegalArgumentException}
 * saying what is wrong; {@link #parseOrExit} prints it with the usage and exits with status 2,
 * and prints the help for {@code -h} or {@code --help}.
 *
 * @param pid the process to watch, 0 for every process
 * @param timestamps whether each line starts with the time ({@code -T})
 * @param failedOnly whether only failed calls are printed ({@code -x})
 * @param seconds how long to watch, when given
 * @param help whether {@code -h} or {@code --help} was given
 */
record ToolArguments(int pid, boolean timestamps, boolean failedOnly, OptionalLong seconds, boolean help) {
    private static final String SECONDS = "[1-9][0-9]{0,5}";
    private static final String PID = "[1-9][0-9]{0,9}";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** An option a tool takes, with the line {@code --help} prints for it. */
    record Option(String flag, String help) {
        static final Option TIMESTAMPS = new Option("-T", "print the time (HH:MM:SS) an event was read first");

        /** {@code -p PID}: {@code what} of one process only. */
        static Option pid(String what) {
            return new Option("-p", "PID  only " + what + " of process PID");
        }

        /** {@code -x}: only {@code what}. */
        static Option failedOnly(String what) {
            return new Option("-x", "only " + what);
        }
    }

    /** Parses {@code args} for a tool that takes {@code options}. */
    static ToolArguments parse(String[] args, List<Option> options) {
        List<String> known = options.stream().map(Option::flag).toList();
        int pid = 0;
        boolean timestamps = false, failedOnly = false, help = false;
        int next = 0;
        for (; next < args.length && args[next].startsWith("-"); next++) {
            String arg = args[next];
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
            } else if (!known.contains(arg)) {
                throw new IllegalArgumentException("unknown option " + arg + (known.isEmpty() ? ", it takes none"
                        : ", it takes " + String.join(", ", known)));
            } else if (arg.equals("-p")) {
                if (next + 1 == args.length || !args[next + 1].matches(PID)) {
                    throw new IllegalArgumentException("-p needs a process id, a positive number"
                            + (next + 1 == args.length ? "" : ", not '" + args[next + 1] + "'"));
                }
                pid = Integer.parseInt(args[++next]);
            } else if (arg.equals("-T")) {
                timestamps = true;
            } else {
                failedOnly = true;
            }
        }
        if (args.length - next > 1) {
            throw new IllegalArgumentException("one duration at most, found " + String.join(" ", List.of(args).subList(next, args.length)));
        }
        if (args.length - next == 1 && !args[next].matches(SECONDS)) {
            throw new IllegalArgumentException("the duration is a number of seconds from 1 to 999999, not '" + args[next] + "'");
        }
        OptionalLong seconds = args.length > next ? OptionalLong.of(Long.parseLong(args[next])) : OptionalLong.empty();
        return new ToolArguments(pid, timestamps, failedOnly, seconds, help);
    }

    /**
     * {@link #parse}, for a {@code main}: a wrong command line prints what is wrong and the
     * usage to stderr and exits with status 2; {@code -h} prints the help and exits with 0.
     */
    static ToolArguments parseOrExit(String[] args, String tool, String summary, List<Option> options) {
        try {
            ToolArguments arguments = parse(args, options);
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
        return s.append(" [seconds]").toString();
    }

    /** The usage, what the tool does and a line per option. */
    static String help(String tool, String summary, List<Option> options) {
        StringBuilder s = new StringBuilder(usage(tool, options)).append("\n\n").append(summary).append("\n\n");
        s.append(String.format("  %-4s %s%n", "-h", "print this help"));
        for (Option o : options) s.append(String.format("  %-4s %s%n", o.flag(), o.help()));
        return s.append(String.format("  %-4s %s%n", "seconds", "stop after this many seconds (default: when killed)")).toString();
    }

    /**
     * The events of process {@code pid} (all of them when it is 0) for a tool whose programs do
     * not filter by process: {@code -p} filters here, in Java.
     */
    static <T> Consumer<T> ofProcess(int pid, ToIntFunction<T> pidOf, Consumer<T> sink) {
        return pid == 0 ? sink : event -> {
            if (pidOf.applyAsInt(event) == pid) sink.accept(event);
        };
    }

    /** When to stop: after the seconds given, or never. */
    Instant end() {
        return seconds.isPresent() ? Instant.now().plusSeconds(seconds.getAsLong()) : Instant.MAX;
    }

    /**
     * Prints {@code header} to {@code out} and returns where the tool's events go: each one
     * {@code failed} says failed (all of them without {@code -x}) becomes a line, after the time
     * with {@code -T}.
     */
    <T> Consumer<T> lines(String header, Consumer<String> out, Predicate<T> failed) {
        out.accept(timestamps ? String.format("%-8s %s", "TIME", header) : header);
        return event -> {
            if (failedOnly && !failed.test(event)) return;
            out.accept(timestamps ? LocalTime.now().format(TIME) + " " + event : event.toString());
        };
    }

    /** {@link #lines(String, Consumer, Predicate)} of a tool without {@code -x}. */
    <T> Consumer<T> lines(String header, Consumer<String> out) {
        return lines(header, out, event -> true);
    }
}
