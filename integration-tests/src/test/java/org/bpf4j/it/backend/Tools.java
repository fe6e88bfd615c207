package org.bpf4j.it.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bpf4j.junit.ExternalProcess;

/** Where the interop tests find the repository, and how they build C as the benchmark does. */
final class Tools {
    static final Path REPOSITORY = repositoryRoot();

    private Tools() {}

    /** Compiles a C file as the benchmark does, with any extra flags (such as {@code -DNAME}). */
    static Path clang(Path source, Path outDir, String... extraFlags) {
        String name = source.getFileName().toString();
        Path out = outDir.resolve(name.substring(0, name.length() - 2) + ".o");
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        List<String> command = new ArrayList<>(List.of("clang", "-O2", "-g", "-target", "bpf", "-mcpu=v3",
                "-I/usr/include/" + arch + "-linux-gnu"));
        command.addAll(List.of(extraFlags));
        command.addAll(List.of("-c", source.toString(), "-o", out.toString()));
        ExternalProcess.stdoutOf(command.toArray(String[]::new));
        return out;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
        }
        for (Path p : paths) Files.delete(p);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".ci"))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException("run from inside the repository (no .ci directory above " + Path.of("").toAbsolutePath() + ")");
        return dir;
    }
}
