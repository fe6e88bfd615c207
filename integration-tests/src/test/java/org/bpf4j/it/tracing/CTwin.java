package org.bpf4j.it.tracing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bpf4j.bench.Compare;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.attach.Attach;
import org.bpf4j.runtime.attach.Link;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.ringbuf.RingBuffer;

/**
 * A tool's C twin ({@code benchmarks/src/main/c/tools/<name>.bpf.c}) built by clang 22 against
 * this kernel's vmlinux.h, loaded by our loader and attached, its ring buffer {@code events} read
 * with the Java tool's codec (the records have the same layout), or its totals read from its
 * {@link #object()}, so that both sides can watch one workload.
 */
final class CTwin implements AutoCloseable {
    private final LoadedObject object;
    private final List<Link> links = new ArrayList<>();
    private final RecordReader reader;

    /** Compiles, loads and attaches the twin; {@code targets} pairs program names with tracepoints. */
    <T> CTwin(String name, Path work, Codec<T> codec, Consumer<T> sink, String... targets) throws Exception {
        object = load(name, work, file -> {});
        try {
            attach(targets);
            KernelMap events = object.map("events");
            reader = new BpfRingBuffer<>(codec, new RingBuffer(events), events.maxEntries()).reader(sink);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A twin without records: what it counts stays in its maps and globals. */
    CTwin(String name, Path work, String... targets) throws Exception {
        this(name, work, file -> {}, targets);
    }

    /** A twin without records whose configuration ({@code .rodata}) {@code configure} sets before it is loaded. */
    CTwin(String name, Path work, Consumer<BpfObjectFile> configure, String... targets) throws Exception {
        object = load(name, work, configure);
        reader = null;
        try {
            attach(targets);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static LoadedObject load(String name, Path work, Consumer<BpfObjectFile> configure) throws Exception {
        Path clang = Path.of(Compare.CLANG_22);
        Prerequisites.require("clang 22 at " + clang, Files.isExecutable(clang));
        Path source = Compare.sourceRoot().resolve("tools").resolve(name + ".bpf.c");
        BpfObjectFile file = BpfObjectFile.open(Compare.compile(clang, "v3", source, work));
        configure.accept(file);
        return file.load();
    }

    private void attach(String... targets) {
        for (int i = 0; i < targets.length; i += 2) {
            links.add(Attach.auto(object.program(targets[i]), targets[i + 1]));
        }
    }

    /** The loaded twin, whose maps and globals the tests read. */
    LoadedObject object() {
        return object;
    }

    /** Delivers the records so far. */
    void drain() {
        while (reader != null && reader.poll(Duration.ofMillis(100)) > 0) {
            // until the buffer is empty
        }
    }

    @Override
    public void close() {
        if (reader != null) reader.close();
        links.forEach(Link::close);
        object.close();
    }
}
