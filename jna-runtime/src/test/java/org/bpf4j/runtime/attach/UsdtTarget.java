package org.bpf4j.runtime.attach;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.object.usdt.UsdtSpecLayout;
import org.bpf4j.runtime.ClangObjects;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.Prerequisites;

/**
 * The USDT test binary (gcc, {@code <sys/sdt.h>} from systemtap-sdt-dev) and the BPF argument
 * reader (clang, with {@link UsdtSpecLayout#cHeader()} as {@code bpf4j_usdt.h}), built from
 * {@code src/test/resources/usdt}.
 */
final class UsdtTarget {
    private UsdtTarget() {}

    static Path buildBinary(Path dir) throws IOException {
        requireSdtHeader();
        Path main = copy("usdt_target.c", dir), guarded = copy("usdt_guarded.c", dir);
        Path binary = dir.resolve("usdt_target");
        ExternalProcess.stdoutOf("gcc", "-O2", "-o", binary.toString(), main.toString(), guarded.toString());
        return binary;
    }

    static Path buildReader(Path dir) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("bpf4j_usdt.h"), UsdtSpecLayout.cHeader());
        return ClangObjects.compile(copy("usdt_reader.bpf.c", dir), dir);
    }

    /** sys/sdt.h missing skips the test, or fails it under BPF4J_REQUIRE_KERNEL=1 (as CI runs). */
    private static void requireSdtHeader() {
        boolean present = ExternalProcess.run(ExternalProcess.DEFAULT_TIMEOUT,
                "sh", "-c", "echo '#include <sys/sdt.h>' | gcc -E -x c - -o /dev/null").exitCode() == 0;
        Prerequisites.require("<sys/sdt.h> (apt-get install systemtap-sdt-dev)", present);
    }

    private static Path copy(String resource, Path dir) throws IOException {
        Path to = dir.resolve(resource);
        try (InputStream in = UsdtTarget.class.getResourceAsStream("/usdt/" + resource)) {
            Files.copy(in, to);
        }
        return to;
    }
}
