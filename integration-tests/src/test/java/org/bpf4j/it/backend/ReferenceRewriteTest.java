package org.bpf4j.it.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.object.elf.Rewrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clang's reference programs, read into a BpfObject and written back by us, behave exactly like
 * clang's own objects under libbpf: the benchmark matches all eight, with the same results and
 * the same instruction slots.
 */
@KernelTest
class ReferenceRewriteTest {
    private static final Pattern ROW = Pattern.compile("^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+([0-9.]+) \\|.*\\| (\\S+)$");

    @Test
    void rewrittenReferenceObjectsMatchClangInTheBenchmark(@TempDir Path tmp) throws Exception {
        Prerequisites.requireTool("clang");
        Path compare = Tools.SHARED.resolve("bench/compare");
        assertTrue(Files.isExecutable(compare), compare + " is missing");
        Path built = Files.createDirectory(tmp.resolve("clang"));
        List<Path> objects = new ArrayList<>();
        try (Stream<Path> sources = Files.list(Tools.SHARED.resolve("bench/reference"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".bpf.c")).sorted().toList()) {
                objects.add(Tools.clang(source, built));
            }
        }
        assertEquals(8, objects.size(), "reference programs");
        Path ours = Files.createDirectory(tmp.resolve("ours"));
        Rewrite.rewrite(objects, ours);

        String output = ExternalProcess.run(Duration.ofSeconds(300), compare.toString(), ours.toString()).orFail().output();
        String summary = output.lines().filter(l -> l.startsWith("summary:")).findFirst()
                .orElseThrow(() -> new AssertionError("no summary line in:\n" + output));
        assertTrue(summary.contains("matched 8/8"), summary);
        assertTrue(summary.contains("same behaviour 8/8"), summary);
        int rows = 0;
        for (String line : output.lines().toList()) {
            Matcher m = ROW.matcher(line);
            if (!m.matches()) continue;
            rows++;
            assertEquals("1.00", m.group(4), "slot ratio of " + m.group(1) + ":\n" + output);
            assertEquals(m.group(2), m.group(3), "slots of " + m.group(1));
            assertEquals("yes", m.group(5), "same behaviour of " + m.group(1));
        }
        assertEquals(8, rows, "program rows in:\n" + output);
    }
}
