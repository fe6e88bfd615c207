package org.bpf4j.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fresh cgroup v2 for one test, removed by {@link #close()}; {@link #run} starts a command
 * inside it, so cgroup programs attached to {@link #path()} see that command's sockets only.
 */
public final class TestCgroup implements AutoCloseable {
    private static final Path MOUNTS = Path.of("/proc/self/mounts");

    private final Path path;

    private TestCgroup(Path path) {
        this.path = path;
    }

    /** Creates {@code <cgroup2 mount>/<prefix>-<pid>-<n>}; skips or fails the test without cgroup v2. */
    public static TestCgroup create(String prefix) {
        Path mount = v2Mount().orElse(null);
        Prerequisites.require("a cgroup v2 hierarchy ('cgroup2' in " + MOUNTS + ")", mount != null);
        for (int n = 0; ; n++) {
            Path candidate = mount.resolve(prefix + "-" + ProcessHandle.current().pid() + "-" + n);
            try {
                return new TestCgroup(Files.createDirectory(candidate));
            } catch (FileAlreadyExistsException taken) {
                // another test of this JVM holds that name
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create cgroup " + candidate, e);
            }
        }
    }

    /** Where cgroup v2 is mounted: {@code /sys/fs/cgroup}, or {@code /sys/fs/cgroup/unified} on hybrid systems. */
    public static Optional<Path> v2Mount() {
        try {
            return Files.readAllLines(MOUNTS).stream()
                    .map(line -> line.split(" "))
                    .filter(fields -> fields.length > 2 && fields[2].equals("cgroup2"))
                    .map(fields -> Path.of(fields[1].replace("\\040", " ")))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTS, e);
        }
    }

    /** The cgroup's directory, which attach calls take. */
    public Path path() {
        return path;
    }

    /** Runs {@code command} as a member of this cgroup (it joins before it execs) and waits for it. */
    public ExternalProcess.Result run(Duration timeout, String... command) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
                path.resolve("cgroup.procs").toString()));
        wrapped.addAll(List.of(command));
        return ExternalProcess.run(timeout, wrapped);
    }

    /** Removes the cgroup; its processes have exited by then, as {@link #run} waits for them. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove cgroup " + path, e);
        }
    }
}
