package org.bpf4j.samples.jvm;

import java.time.Instant;

/** The command line the JVM tools share: {@code <pid> [seconds]}. */
final class ToolArguments {
    private ToolArguments() {}

    /** The JVM to watch; exits with the usage when the arguments are wrong. */
    static ProcessHandle target(String[] args, String tool) {
        if (args.length < 1 || args.length > 2 || !args[0].matches("[0-9]+")
                || args.length == 2 && !args[1].matches("[1-9][0-9]{0,5}")) {
            System.err.println("usage: " + tool + " <pid> [seconds]");
            System.exit(2);
        }
        return ProcessHandle.of(Long.parseLong(args[0]))
                .orElseThrow(() -> new IllegalArgumentException("no process " + args[0]));
    }

    /** When to stop: after the seconds given, or never (the tools stop when the JVM exits). */
    static Instant end(String[] args) {
        return args.length == 2 ? Instant.now().plusSeconds(Long.parseLong(args[1])) : Instant.MAX;
    }
}
