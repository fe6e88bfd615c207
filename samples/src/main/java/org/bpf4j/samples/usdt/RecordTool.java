package org.bpf4j.samples.usdt;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bpf4j.lang.spi.RecordReader;

/**
 * What the samples' ring-buffer tools share: a loaded skeleton and the reader of its records,
 * attached only once both exist (a failed attach closes the skeleton, so no descriptor leaks),
 * polled by the caller, and closed reader first.
 */
public abstract class RecordTool implements AutoCloseable {
    private static final Duration POLL_WAIT = Duration.ofMillis(100);

    private final AutoCloseable skeleton;
    private final RecordReader reader;

    protected RecordTool(AutoCloseable skeleton, RecordReader reader) {
        this.skeleton = skeleton;
        this.reader = reader;
    }

    /**
     * Makes the tool over {@code skeleton}, then attaches its programs; if either fails, closes
     * what was opened (the reader too: its buffer mapping and epoll descriptors) and rethrows.
     */
    protected static <S extends AutoCloseable, T extends RecordTool> T start(S skeleton, Function<S, T> tool,
            Consumer<S> attach) {
        T started = null;
        try {
            started = tool.apply(skeleton);
            attach.accept(skeleton);
            return started;
        } catch (RuntimeException | Error e) {
            closeQuietly(started != null ? started : skeleton, e);
            throw e;
        }
    }

    /** Delivers the records so far to the tool's sink, waiting up to {@code timeout} for the first. */
    public int poll(Duration timeout) {
        return reader.poll(timeout);
    }

    /** Polls while {@code keepGoing} holds, then delivers what is left. */
    public void pollWhile(BooleanSupplier keepGoing) {
        while (keepGoing.getAsBoolean()) {
            poll(POLL_WAIT);
        }
        poll(Duration.ZERO);
    }

    @Override
    public void close() {
        reader.close();
        try {
            skeleton.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(AutoCloseable resource, Throwable failure) {
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
