package org.bpf4j.samples.jvm;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Lists the JIT compilations of a running JVM through {@link JitCompilations}, one line each,
 * like {@code -XX:+PrintCompilation}: compiler, compile time, class and method, failures marked.
 *
 * <p>Usage: {@code JitCompilationsTool <pid> [seconds]} (default: until the JVM exits). Needs root.
 */
public final class JitCompilationsTool extends RecordTool {
    /** One compilation as the tool reports it. */
    public record Compilation(String compiler, String className, String method, long durationNs, boolean success)
            implements JvmEvent {
        @Override
        public String toString() {
            return String.format("%-3s %9.1f us  %s::%s%s", compiler, durationNs / 1e3, className.replace('/', '.'), method,
                    success ? "" : "  (failed)");
        }
    }

    private JitCompilationsTool(JitCompilationsSkeleton skeleton, Consumer<Compilation> sink) {
        super(skeleton, skeleton.compilations().reader(c -> sink.accept(new Compilation(c.compiler(), c.className(),
                c.methodName(), c.durationNs, c.success != 0))));
    }

    /** Starts watching process {@code pid}, a HotSpot JVM; {@link #poll} hands the compilations to {@code sink}. */
    public static JitCompilationsTool attach(long pid, Consumer<Compilation> sink) {
        return start(JitCompilationsSkeleton.load(), s -> new JitCompilationsTool(s, sink), s -> {
            s.attachCompileBegin(JitCompilations.BEGIN, (int) pid, 0);
            s.attachCompileEnd(JitCompilations.END, (int) pid, 0);
        });
    }

    /** Watches {@code target} until it exits or {@code end}, printing each compilation; returns them. */
    public static List<Compilation> watch(ProcessHandle target, Instant end, PrintStream out) {
        List<Compilation> seen = new ArrayList<>();
        try (JitCompilationsTool tool = attach(target.pid(), c -> {
            seen.add(c);
            out.println(c);
        })) {
            tool.pollWhile(() -> target.isAlive() && Instant.now().isBefore(end));
        }
        return seen;
    }

    public static void main(String[] args) {
        ProcessHandle target = ToolArguments.target(args, "JitCompilationsTool");
        System.out.printf("%d compilations%n", watch(target, ToolArguments.end(args), System.out).size());
    }
}
