package org.bpf4j.runtime.attach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.sys.Errno;
import org.bpf4j.runtime.sys.Sys;

/** tracefs: found at its usual places, mounted at /sys/kernel/tracing when it is nowhere. */
public final class Tracefs {
    private static final Path STANDARD = Path.of("/sys/kernel/tracing");
    private static final List<Path> PLACES = List.of(STANDARD, Path.of("/sys/kernel/debug/tracing"));

    private Tracefs() {}

    /** The tracefs root (a directory with {@code events/}), mounting tracefs if needed. */
    public static synchronized Path root() {
        for (Path p : PLACES) {
            if (Files.isDirectory(p.resolve("events"))) return p;
        }
        Sys.check(AttachLibC.mount("nodev", STANDARD.toString(), "tracefs", 0, null), "mount tracefs",
                STANDARD.toString());
        return STANDARD;
    }

    /** The id of tracepoint {@code category:name}, for perf_event_open(PERF_TYPE_TRACEPOINT). */
    public static int tracepointId(String category, String name) {
        requireName(category, "tracepoint category");
        requireName(name, "tracepoint name");
        Path idFile = root().resolve("events").resolve(category).resolve(name).resolve("id");
        try {
            return Integer.parseInt(Files.readString(idFile).strip());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BpfNotFoundException("tracepoint " + category + ":" + name + " does not exist (no " + idFile
                    + "; list them in " + root().resolve("available_events") + ")", Errno.ENOENT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + idFile, e);
        }
    }

    /** Rejects names that would step out of the events directory. */
    private static void requireName(String s, String what) {
        if (s == null || s.isEmpty() || s.contains("/") || s.equals("..") || s.equals(".")) {
            throw new IllegalArgumentException("invalid " + what + ": '" + s + "'");
        }
    }
}
