package org.bpf4j.samples.usdt;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Prints every firing of one USDT probe of any binary through {@link UsdtTrace}: the process,
 * how many arguments the site passes and each as a long, like bpftrace's
 * {@code usdt:binary:provider:name { printf(...) }} without writing the printf.
 *
 * <p>Usage: {@code UsdtTraceTool <binary:provider:name> [seconds]} (default: until killed), in every
 * process that runs the binary. Needs root.
 */
public final class UsdtTraceTool extends RecordTool {
    /** One firing as the tool reports it. */
    public record Firing(int pid, List<Long> args, long timeNs) {
        @Override
        public String toString() {
            return "pid " + pid + "  " + args.size() + " args"
                    + args.stream().map(String::valueOf).collect(Collectors.joining(" ", args.isEmpty() ? "" : ": ", ""));
        }
    }

    private UsdtTraceTool(UsdtTraceSkeleton skeleton, Consumer<Firing> sink) {
        super(skeleton, skeleton.firings().reader(f -> sink.accept(new Firing(f.pid,
                Arrays.stream(f.args).limit(f.count).boxed().toList(), f.timeNs))));
    }

    /**
     * Starts tracing {@code probe} ({@code binary:provider:name}) in process {@code pid}, or in
     * every process for a negative pid; {@link #poll} hands the firings to {@code sink}.
     */
    public static UsdtTraceTool attach(String probe, long pid, Consumer<Firing> sink) {
        return start(UsdtTraceSkeleton.load(), s -> new UsdtTraceTool(s, sink), s -> s.attachFire(probe, (int) pid, 0));
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || args[0].split(":").length != 3
                || args.length == 2 && !args[1].matches("[1-9][0-9]{0,5}")) {
            System.err.println("usage: UsdtTraceTool <binary:provider:name> [seconds]");
            System.exit(2);
        }
        Instant end = args.length == 2 ? Instant.now().plusSeconds(Long.parseLong(args[1])) : Instant.MAX;
        try (UsdtTraceTool tool = attach(args[0], -1, System.out::println)) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }
}
