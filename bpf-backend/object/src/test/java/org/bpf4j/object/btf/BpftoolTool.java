package org.bpf4j.object.btf;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code bpftool} (libbpf's BTF parser and sanity checks) as an independent reader. */
final class BpftoolTool {
    private static final List<Path> LOCATIONS = List.of(Path.of("/usr/sbin/bpftool"), Path.of("/usr/bin/bpftool"),
            Path.of("/usr/local/sbin/bpftool"));

    private BpftoolTool() {
    }

    static Path require() {
        Path found = LOCATIONS.stream().filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(found != null, "bpftool is not installed");
        return found;
    }

    /** {@code bpftool btf dump file <file> format raw}. */
    static String dumpRaw(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(require().toString(), "btf", "dump", "file", file.toString(), "format", "raw")
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("bpftool failed on " + file + ": " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
