package org.bpf4j.samples.jvm;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Lists the classes a running JVM loads through {@link ClassLoads}, like {@code -Xlog:class+load}:
 * the name and whether it came from the CDS archive; at the end, how many per second.
 *
 * <p>Usage: {@code ClassLoadsTool <pid> [seconds]} (default: until the JVM exits). Needs root.
 */
public final class ClassLoadsTool extends RecordTool {
    /** One class load as the tool reports it. */
    public record Load(String className, boolean shared, long timeNs) implements JvmEvent {
        @Override
        public String toString() {
            return className + (shared ? " (shared)" : "");
        }
    }

    private ClassLoadsTool(ClassLoadsSkeleton skeleton, Consumer<Load> sink) {
        super(skeleton, skeleton.loads().reader(l -> sink.accept(new Load(l.className(), l.shared != 0, l.timeNs))));
    }

    /** Starts watching process {@code pid}, a HotSpot JVM; {@link #poll} hands the loads to {@code sink}. */
    public static ClassLoadsTool attach(long pid, Consumer<Load> sink) {
        return start(ClassLoadsSkeleton.load(), s -> new ClassLoadsTool(s, sink),
                s -> s.attachClassLoaded(ClassLoads.LOADED, (int) pid, 0));
    }

    public static void main(String[] args) {
        ProcessHandle target = ToolArguments.target(args, "ClassLoadsTool");
        Instant end = ToolArguments.end(args);
        Instant start = Instant.now();
        long[] count = {0};
        try (ClassLoadsTool tool = attach(target.pid(), l -> {
            count[0]++;
            System.out.println(l);
        })) {
            tool.pollWhile(() -> target.isAlive() && Instant.now().isBefore(end));
        }
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1e3;
        System.out.printf("%d classes in %.1f s (%.1f per second)%n", count[0], seconds, count[0] / seconds);
    }
}
