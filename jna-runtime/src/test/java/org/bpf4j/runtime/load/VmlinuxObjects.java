package org.bpf4j.runtime.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.runtime.ClangObjects;

/**
 * Test support: compiles libbpf-style C written against {@code vmlinux.h}, which is generated
 * once per test JVM from the running kernel's BTF with {@code bpftool btf dump ... format c}.
 */
final class VmlinuxObjects {
    private static Path headerDir;

    private VmlinuxObjects() {}

    /** Compiles {@code source} (which includes "vmlinux.h") and opens it for {@link ObjectLoader}. */
    static ObjectReader.Opened compile(String name, String source) throws IOException, InterruptedException {
        return ObjectReader.read(Files.readAllBytes(compileToFile(name, source)));
    }

    /** Compiles {@code source} to an object file next to the generated {@code vmlinux.h}. */
    static synchronized Path compileToFile(String name, String source) throws IOException, InterruptedException {
        if (headerDir == null) {
            Path dir = Files.createTempDirectory("bpf4j-vmlinux");
            dir.toFile().deleteOnExit();
            Path header = dir.resolve("vmlinux.h");
            Process p = new ProcessBuilder("bpftool", "btf", "dump", "file", "/sys/kernel/btf/vmlinux", "format", "c")
                    .redirectOutput(header.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) throw new IOException("bpftool could not write vmlinux.h");
            header.toFile().deleteOnExit();
            headerDir = dir;
        }
        Path object = ClangObjects.compile(name, source, headerDir);
        object.toFile().deleteOnExit();
        headerDir.resolve(name + ".bpf.c").toFile().deleteOnExit();
        return object;
    }

    /** Runs a command and returns its standard output; fails with its output when it fails. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
