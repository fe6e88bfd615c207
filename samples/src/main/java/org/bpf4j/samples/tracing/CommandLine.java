package org.bpf4j.samples.tracing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.bpf4j.samples.tracing.ToolArguments.Option;

/**
 * What the tools' command lines share, as libbpf-tools have them: {@code -h} or {@code --help},
 * then the options a tool lists (flags, and {@code -p PID}), then positional numbers. A wrong
 * command line is an {@link IllegalArgumentException} saying what is wrong.
 *
 * @param pid the process id after {@code -p}, 0 without one
 * @param flags the other options given, such as {@code "-T"}
 * @param help whether {@code -h} or {@code --help} was given
 * @param positional the arguments after the options
 */
record CommandLine(int pid, Set<String> flags, boolean help, List<String> positional) {
    private static final String PID = "[1-9][0-9]{0,9}";
    private static final Option HELP = new Option("-h", "print this help");

    /** Reads the options of {@code args} for a tool that takes {@code options}. */
    static CommandLine parse(String[] args, List<Option> options) {
        List<String> known = options.stream().map(Option::flag).toList();
        Set<String> flags = new HashSet<>();
        int pid = 0;
        boolean help = false;
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
            } else {
                flags.add(arg);
            }
        }
        return new CommandLine(pid, Set.copyOf(flags), help, List.of(args).subList(next, args.length));
    }

    /**
     * {@code parse}, for a {@code main}: a wrong command line prints what is wrong and the usage
     * to stderr and exits with status 2; {@code -h} prints the help and exits with 0.
     */
    static <T> T parseOrExit(Supplier<T> parse, Predicate<T> wantsHelp, String tool, String usage, String help) {
        try {
            T arguments = parse.get();
            if (wantsHelp.test(arguments)) {
                System.out.print(help);
                System.exit(0);
            }
            return arguments;
        } catch (IllegalArgumentException e) {
            System.err.println(tool + ": " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
            throw e;
        }
    }

    /** {@code usage: TOOL [-h] [OPTION]... POSITIONAL}. */
    static String usage(String tool, List<Option> options, String positional) {
        StringBuilder s = new StringBuilder("usage: ").append(tool).append(" [-h]");
        for (Option o : options) s.append(" [").append(o.flag()).append(o.flag().equals("-p") ? " PID]" : "]");
        return s.append(" ").append(positional).toString();
    }

    /** The usage, what the tool does, and a line per option and positional argument, the names {@code width} wide. */
    static String help(String usage, String summary, List<Option> options, List<Option> positional, int width) {
        List<Option> lines = new ArrayList<>(List.of(HELP));
        lines.addAll(options);
        lines.addAll(positional);
        StringBuilder s = new StringBuilder(usage).append("\n\n").append(summary).append("\n\n");
        for (Option o : lines) s.append(String.format("  %-" + width + "s %s%n", o.flag(), o.help()));
        return s.toString();
    }
}
