package org.bpf4j.it.usdt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.Prerequisites;

/**
 * jna-runtime's USDT test binary ({@code usdt_target.c}, {@code usdt_guarded.c}; gcc with
 * {@code <sys/sdt.h>} from systemtap-sdt-dev), built into a directory: every argument width and
 * signedness in registers, memory and constants, a probe with two sites, a guarded probe.
 */
final class UsdtTestBinary {
    static final long S64 = -5_000_000_000_000L, U64 = 0xfedcba9876543210L;

    private UsdtTestBinary() {}

    static Path build(Path dir) throws IOException {
        boolean sdt = ExternalProcess.run(ExternalProcess.DEFAULT_TIMEOUT,
                "sh", "-c", "echo '#include <sys/sdt.h>' | gcc -E -x c - -o /dev/null").exitCode() == 0;
        Prerequisites.require("<sys/sdt.h> (apt-get install systemtap-sdt-dev)", sdt);
        Path main = copy("usdt_target.c", dir), guarded = copy("usdt_guarded.c", dir);
        Path binary = dir.resolve("usdt_target");
        ExternalProcess.stdoutOf("gcc", "-O2", "-o", binary.toString(), main.toString(), guarded.toString());
        return binary;
    }

    /** Runs the binary for {@code rounds} rounds; its output is how many found bpf4j:guarded enabled. */
    static int run(Path binary, int rounds) {
        return Integer.parseInt(ExternalProcess.stdoutOf(binary.toString(), Integer.toString(rounds)).strip());
    }

    private static Path copy(String resource, Path dir) throws IOException {
        Path to = dir.resolve(resource);
        try (InputStream in = UsdtTestBinary.class.getResourceAsStream("/usdt/" + resource)) {
            Files.copy(in, to);
        }
        return to;
    }
}
