package org.bpf4j.lang;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.Prerequisites;

/**
 * Compiles and runs a small C program with the system compiler to learn what the kernel
 * headers say (offsets, sizes): the ground truth our layout tables are checked against.
 */
final class CProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private CProbe() {
    }

    /** Runs {@code main} body lines printing "key value" pairs; returns them. */
    static Map<String, Long> run(String includes, String body) throws IOException {
        Prerequisites.require("a C compiler (/usr/bin/gcc or /usr/bin/cc) to read the kernel headers with",
                Files.isExecutable(Path.of("/usr/bin/gcc")) || Files.isExecutable(Path.of("/usr/bin/cc")));
        Path dir = Files.createTempDirectory("bpf4j-cprobe");
        try {
            Path source = dir.resolve("probe.c");
            Path binary = dir.resolve("probe");
            Files.writeString(source, "#include <stdio.h>\n#include <stddef.h>\n" + includes
                    + "\nint main(void) {\n" + body + "\nreturn 0;\n}\n");
            String compiler = Files.isExecutable(Path.of("/usr/bin/gcc")) ? "/usr/bin/gcc" : "/usr/bin/cc";
            String compileOutput = exec(dir, compiler, "-o", binary.toString(), source.toString());
            if (!Files.exists(binary)) {
                throw new AssertionError("C probe did not compile:\n" + compileOutput);
            }
            Map<String, Long> values = new LinkedHashMap<>();
            for (String line : exec(dir, binary.toString()).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                values.put(parts[0], Long.parseLong(parts[1]));
            }
            return values;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String exec(Path dir, String... command) {
        return ExternalProcess.run(TIMEOUT, dir, List.of(command)).output();
    }

    /** {@code ingressIfindex} → {@code ingress_ifindex}, {@code userIp6} → {@code user_ip6}. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
