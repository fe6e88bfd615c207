package org.bpf4j.runtime.attach;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bpf4j.object.usdt.UsdtSpecLayout;
import org.bpf4j.runtime.ClangObjects;
import org.junit.jupiter.api.Assumptions;

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
        Commands.run("gcc", "-O2", "-o", binary.toString(), main.toString(), guarded.toString());
        return binary;
    }

    static Path buildReader(Path dir) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("bpf4j_usdt.h"), UsdtSpecLayout.cHeader());
        return ClangObjects.compile(copy("usdt_reader.bpf.c", dir), dir);
    }

    /** sys/sdt.h missing skips the test, or fails it under BPF4J_REQUIRE_KERNEL=1 (as CI runs). */
    private static void requireSdtHeader() {
        try {
            Commands.run(List.of("sh", "-c", "echo '#include <sys/sdt.h>' | gcc -E -x c - -o /dev/null"));
        } catch (IllegalStateException e) {
            String reason = "<sys/sdt.h> is not installed (apt-get install systemtap-sdt-dev)";
            if ("1".equals(System.getenv("BPF4J_REQUIRE_KERNEL"))) fail(reason + " (required because BPF4J_REQUIRE_KERNEL=1)");
            Assumptions.abort(reason);
        }
    }

    private static Path copy(String resource, Path dir) throws IOException {
        Path to = dir.resolve(resource);
        try (InputStream in = UsdtTarget.class.getResourceAsStream("/usdt/" + resource)) {
            Files.copy(in, to);
        }
        return to;
    }
}
