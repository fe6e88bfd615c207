package org.bpf4j.runtime.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.junit.ExternalProcess;
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
            Files.writeString(header, ExternalProcess.stdoutOf(
                    "bpftool", "btf", "dump", "file", "/sys/kernel/btf/vmlinux", "format", "c"));
            header.toFile().deleteOnExit();
            headerDir = dir;
        }
        Path object = ClangObjects.compile(name, source, headerDir);
        object.toFile().deleteOnExit();
        headerDir.resolve(name + ".bpf.c").toFile().deleteOnExit();
        return object;
    }
}
