package org.bpf4j.samples.jvm;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.bpf4j.lang.spi.RecordReader;

/**
 * Lists the classes a running JVM loads through {@link ClassLoads}, like {@code -Xlog:class+load}:
 * the name and whether it came from the CDS archive; at the end, how many per second.
 *
 * <p>Usage: {@code ClassLoadsTool <pid> [seconds]} (default: until the JVM exits). Needs root.
 */
public final class ClassLoadsTool implements AutoCloseable {
    /** One class load as the tool reports it. */
    public record Load(String className, boolean shared, long timeNs) implements JvmEvent {
        @Override
        public String toString() {
            return className + (shared ? " (shared)" : "");
        }
    }

    private final ClassLoadsSkeleton skeleton;
    private final RecordReader reader;

    private ClassLoadsTool(ClassLoadsSkeleton skeleton, Consumer<Load> sink) {
        this.skeleton = skeleton;
        this.reader = skeleton.loads().reader(l -> sink.accept(new Load(l.className(), l.shared != 0, l.timeNs)));
    }

    /** Starts watching process {@code pid}, a HotSpot JVM; {@link #poll} hands the loads to {@code sink}. */
    public static ClassLoadsTool attach(long pid, Consumer<Load> sink) {
        ClassLoadsSkeleton skeleton = ClassLoadsSkeleton.load();
        try {
            ClassLoadsTool tool = new ClassLoadsTool(skeleton, sink);
            skeleton.attachClassLoaded(ClassLoads.LOADED, (int) pid, 0);
            return tool;
        } catch (RuntimeException e) {
            skeleton.close();
            throw e;
        }
    }

    /** Delivers the loads recorded so far, waiting up to {@code timeout} for the first. */
    public int poll(Duration timeout) {
        return reader.poll(timeout);
    }

    @Override
    public void close() {
        reader.close();
        skeleton.close();
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
            while (target.isAlive() && Instant.now().isBefore(end)) {
                tool.poll(Duration.ofMillis(100));
            }
            tool.poll(Duration.ZERO);
        }
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1e3;
        System.out.printf("%d classes in %.1f s (%.1f per second)%n", count[0], seconds, count[0] / seconds);
    }
}
