package org.bpf4j.samples.jvm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * A service watching its own JVM through HotSpot's probes: GC pauses by collector, classes
 * loaded, threads started and stopped, methods compiled, handed to one {@link Consumer} as
 * {@link JvmEvent}s on a daemon thread of this JVM ({@value #THREAD_NAME}).
 *
 * <pre>{@code
 * try (JvmEvents events = JvmEvents.watch(e -> {
 *     if (e instanceof GcPausesTool.Pause p) pauses.record(p.collector(), p.durationNs());
 * })) { ... }
 * }</pre>
 *
 * Needs root (or CAP_BPF and CAP_PERFMON). An exception thrown by the consumer stops the
 * delivery; {@link #close} rethrows it.
 */
public final class JvmEvents implements AutoCloseable {
    /** The name of the thread that delivers the events. */
    public static final String THREAD_NAME = "bpf4j-jvm-events";
    private static final Duration WAIT = Duration.ofMillis(25);

    private final List<RecordTool> tools;
    private final Thread thread;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean stopping;

    private JvmEvents(List<RecordTool> tools) {
        this.tools = tools;
        this.thread = new Thread(this::deliver, THREAD_NAME);
        thread.setDaemon(true);
    }

    /** Starts watching this JVM; {@code sink} receives every event until {@link #close}. */
    public static JvmEvents watch(Consumer<? super JvmEvent> sink) {
        long self = ProcessHandle.current().pid();
        List<RecordTool> tools = new ArrayList<>();
        try {
            tools.add(GcPausesTool.attach(self, sink::accept));
            tools.add(ClassLoadsTool.attach(self, sink::accept));
            tools.add(ThreadLifecycleTool.attach(self, sink::accept));
            tools.add(JitCompilationsTool.attach(self, sink::accept));
        } catch (RuntimeException e) {
            closeAll(tools, e);
            throw e;
        }
        JvmEvents events = new JvmEvents(tools);
        events.thread.start();
        return events;
    }

    private void deliver() {
        try {
            while (!stopping) {
                for (RecordTool tool : tools) tool.poll(WAIT);
            }
            for (RecordTool tool : tools) {
                while (tool.poll(Duration.ZERO) > 0) {
                    // what was recorded before close
                }
            }
        } catch (RuntimeException e) {
            failure.set(e);
        }
    }

    /** Delivers what is left, stops the thread and detaches the probes; rethrows the consumer's exception, if any. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RuntimeException failed = failure.get();
        closeAll(tools, failed);
        if (failed != null) throw failed;
    }

    /** Closes every tool; a failure is added to {@code pending}, or thrown after the others are closed. */
    private static void closeAll(List<RecordTool> tools, RuntimeException pending) {
        RuntimeException failed = pending;
        for (RecordTool tool : tools) {
            try {
                tool.close();
            } catch (RuntimeException e) {
                if (failed == null) failed = new IllegalStateException("closing " + tool, e);
                else failed.addSuppressed(e);
            }
        }
        if (failed != null && pending == null) throw failed;
    }
}
