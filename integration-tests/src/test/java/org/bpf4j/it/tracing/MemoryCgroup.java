package org.bpf4j.it.tracing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.junit.TestCgroup;

/**
 * A fresh memory cgroup with a small limit and no swap, removed by {@link #close()}: cgroup v2's
 * {@code memory.max} where the v2 hierarchy has the memory controller (the 6.1 VM), else cgroup
 * v1's {@code memory.limit_in_bytes} (this host's hybrid hierarchy keeps memory in v1).
 */
final class MemoryCgroup implements AutoCloseable {
    private static final Path V1 = Path.of("/sys/fs/cgroup/memory");

    private final Path path;

    private MemoryCgroup(Path path) {
        this.path = path;
    }

    static MemoryCgroup create(long limitBytes) throws IOException {
        Path v2 = TestCgroup.v2Mount().filter(m -> controllers(m).contains("memory")).orElse(null);
        Path root = v2 != null ? v2 : V1;
        Prerequisites.require("a memory cgroup controller (cgroup v2, or v1 at " + V1 + ")", Files.isDirectory(root));
        if (v2 != null && !Files.readString(v2.resolve("cgroup.subtree_control")).contains("memory")) {
            Files.writeString(v2.resolve("cgroup.subtree_control"), "+memory");
        }
        MemoryCgroup cgroup = new MemoryCgroup(Files.createDirectory(root.resolve("bpf4j-oom-" + UUID.randomUUID())));
        try {
            if (v2 != null) {
                cgroup.write("memory.max", limitBytes);
                cgroup.write("memory.swap.max", 0);
            } else {
                cgroup.write("memory.limit_in_bytes", limitBytes);
                if (Files.exists(cgroup.path.resolve("memory.memsw.limit_in_bytes"))) {
                    cgroup.write("memory.memsw.limit_in_bytes", limitBytes);
                }
            }
            return cgroup;
        } catch (IOException | RuntimeException e) {
            cgroup.close();
            throw e;
        }
    }

    /** Starts {@code command} as a member of the cgroup: it joins before it execs, so its pid is the command's. */
    Process start(String... command) throws IOException {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
                path.resolve("cgroup.procs").toString()));
        wrapped.addAll(List.of(command));
        return new ProcessBuilder(wrapped).start();
    }

    /** Removes the cgroup; its processes must have exited. */
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
    }

    private void write(String file, long value) throws IOException {
        Files.writeString(path.resolve(file), Long.toString(value));
    }

    private static String controllers(Path v2) {
        try {
            return Files.readString(v2.resolve("cgroup.controllers"));
        } catch (IOException e) {
            return "";
        }
    }
}
