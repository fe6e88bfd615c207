package org.bpf4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compare gate: {@code ../shared/bench/compare} sets this module's compiled ports beside
 * clang -O2 builds of the reference programs, loaded by libbpf in the same run. Every reference
 * program must have a port that loads, and every port must behave like its reference (return
 * codes, output packets, map contents).
 */
@KernelTest
class CompareTest {
    /** Where the compiled ports are: the module's output directory, set by the pom. */
    private static final String OBJECTS_PROPERTY = "bpf4j.bench.objects";
    /** The repository root, set by the pom; the tool lives beside it in {@code ../shared}. */
    private static final String ROOT_PROPERTY = "bpf4j.repoRoot";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern ROW = Pattern.compile("(\\w+)\\s+(\\d+)\\s+(\\d+)\\s+[\\d.]+ \\|.*\\| (yes|NO)");

    static String output;

    @BeforeAll
    static void runCompare() {
        Path compare = Path.of(property(ROOT_PROPERTY)).resolve("../shared/bench/compare").normalize();
        Prerequisites.require("the benchmark tool at " + compare + " (the shared bench directory beside the repository)",
                Files.isExecutable(compare));
        Path objects = Path.of(property(OBJECTS_PROPERTY));
        output = ExternalProcess.run(TIMEOUT, compare.toString(), objects.toString()).orFail().output();
        System.out.println(output);
    }

    @Test
    void everyReferenceProgramHasAPortThatLoads() {
        assertTrue(summary().contains("matched 8/8 programs"), output);
        assertTrue(output.lines().noneMatch(l -> l.startsWith("LOAD FAILED")), output);
    }

    @Test
    void everyPortBehavesLikeItsReference() {
        assertTrue(summary().contains("same behaviour 8/8"), output);
    }

    /** Instruction slots are exact: no port may be bigger than clang -O2's program. */
    @Test
    void noPortHasMoreSlotsThanClang() {
        List<String> bigger = new ArrayList<>();
        int rows = 0;
        for (String line : output.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (!m.find()) continue;
            rows++;
            if (Integer.parseInt(m.group(3)) > Integer.parseInt(m.group(2))) bigger.add(line);
        }
        assertEquals(8, rows, output);
        assertTrue(bigger.isEmpty(), "more slots than clang:\n" + String.join("\n", bigger));
    }

    private static String summary() {
        return output.lines().filter(l -> l.startsWith("summary:")).findFirst()
                .orElseThrow(() -> new AssertionError("no summary line in:\n" + output));
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (benchmarks/pom.xml passes it to surefire)");
        }
        return value;
    }
}
