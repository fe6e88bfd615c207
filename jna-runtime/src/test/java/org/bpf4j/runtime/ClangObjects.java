package org.bpf4j.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.RepositoryFiles;

/** Test support: compiles BPF C with clang exactly as {@code org.bpf4j.bench.Compare} does (at cpu v3). */
public final class ClangObjects {
    /** The reference programs of the repository, also the include directory (their {@code common.h}). */
    private static final Path REFERENCE = RepositoryFiles.referencePrograms();

    private ClangObjects() {}

    /** Compiles {@code source} (C text) to {@code dir/<name>.bpf.o}. */
    public static Path compile(String name, String source, Path dir) throws IOException, InterruptedException {
        Path c = dir.resolve(name + ".bpf.c");
        Files.writeString(c, source);
        return compile(c, dir);
    }

    /** Compiles a C file to {@code dir/<basename>.o}. */
    public static Path compile(Path c, Path dir) {
        String base = c.getFileName().toString().replaceFirst("\\.c$", "");
        Path out = dir.resolve(base + ".o");
        ExternalProcess.stdoutOf("clang", "-O2", "-g", "-target", "bpf", "-mcpu=v3",
                "-I/usr/include/x86_64-linux-gnu", "-I" + REFERENCE, "-c", c.toString(), "-o", out.toString());
        return out;
    }

    /** All reference programs ({@value RepositoryFiles#REFERENCE_PROGRAMS}), compiled into {@code dir}. */
    public static List<Path> references(Path dir) throws IOException, InterruptedException {
        List<Path> out = new ArrayList<>();
        try (var files = Files.list(REFERENCE)) {
            for (Path c : files.filter(f -> f.toString().endsWith(".bpf.c")).sorted().toList()) out.add(compile(c, dir));
        }
        return out;
    }
}
