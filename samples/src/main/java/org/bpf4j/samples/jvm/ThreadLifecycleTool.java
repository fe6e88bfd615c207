package org.bpf4j.samples.jvm;

import java.time.Instant;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Lists the Java threads a running JVM starts and stops through {@link ThreadLifecycle}, one line
 * each, with the ids and daemon flag {@code jstack} prints: {@code "name" #javaId nid=nativeId};
 * at the end, how many started and stopped.
 *
 * <p>Usage: {@code ThreadLifecycleTool <pid> [seconds]} (default: until the JVM exits). Needs root.
 */
public final class ThreadLifecycleTool extends RecordTool {
    /** One start or stop as the tool reports it. */
    public record Change(boolean started, String name, long javaId, long nativeId, boolean daemon, long timeNs)
            implements JvmEvent {
        @Override
        public String toString() {
            return String.format("%-5s \"%s\" #%d nid=%d%s", started ? "start" : "stop", name, javaId, nativeId,
                    daemon ? " daemon" : "");
        }
    }

    private ThreadLifecycleTool(ThreadLifecycleSkeleton skeleton, Consumer<Change> sink) {
        super(skeleton, skeleton.events().reader(e -> sink.accept(new Change(e.started != 0, e.threadName(), e.javaId,
                e.nativeId, e.daemon != 0, e.timeNs))));
    }

    /** Starts watching process {@code pid}, a HotSpot JVM; {@link #poll} hands the changes to {@code sink}. */
    public static ThreadLifecycleTool attach(long pid, Consumer<Change> sink) {
        return start(ThreadLifecycleSkeleton.load(), s -> new ThreadLifecycleTool(s, sink), s -> {
            s.attachThreadStart(ThreadLifecycle.START, (int) pid, 0);
            s.attachThreadStop(ThreadLifecycle.STOP, (int) pid, 0);
        });
    }

    public static void main(String[] args) {
        ProcessHandle target = ToolArguments.target(args, "ThreadLifecycleTool");
        Instant end = ToolArguments.end(args);
        long[] counts = {0, 0};
        try (ThreadLifecycleTool tool = attach(target.pid(), c -> {
            counts[c.started() ? 0 : 1]++;
            System.out.println(c);
        })) {
            tool.pollWhile(() -> target.isAlive() && Instant.now().isBefore(end));
        }
        System.out.printf("%d threads started, %d stopped%n", counts[0], counts[1]);
    }
}
