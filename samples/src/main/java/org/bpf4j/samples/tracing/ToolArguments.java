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
        CommandLine line = CommandLine.parse(args, options);
        List<String> rest = line.positional();
        if (rest.size() > 1) {
            throw new IllegalArgumentException("one duration at most, found " + String.join(" ", rest));
        }
        if (rest.size() == 1 && !rest.get(0).matches(SECONDS)) {
            throw new IllegalArgumentException("the duration is a number of seconds from 1 to 999999, not '" + rest.get(0) + "'");
        }
        OptionalLong seconds = rest.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(rest.get(0)));
        return new ToolArguments(line.pid(), line.flags().contains("-T"), line.flags().contains("-x"), seconds, line.help());
    }

    /** {@link #parse}, for a {@code main}: see {@link CommandLine#parseOrExit}. */
    static ToolArguments parseOrExit(String[] args, String tool, String summary, List<Option> options) {
        return CommandLine.parseOrExit(() -> parse(args, options), ToolArguments::help, tool, usage(tool, options),
                help(tool, summary, options));
    }

    static String usage(String tool, List<Option> options) {
        return CommandLine.usage(tool, options, "[seconds]");
    }

    /** The usage, what the tool does and a line per option. */
    static String help(String tool, String summary, List<Option> options) {
        return CommandLine.help(usage(tool, options), summary, options,
                List.of(new Option("seconds", "stop after this many seconds (default: when killed)")), 4);
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
