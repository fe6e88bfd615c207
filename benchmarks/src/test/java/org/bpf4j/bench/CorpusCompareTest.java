package org.bpf4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.api.Test;

/**
 * The whole corpus against clang 22 at -mcpu=v3: prints the table, and requires every C program
 * to have a Java port that loads and behaves the same on every test input (return codes, output
 * packets, map contents). Sizes are printed, not asserted: the optimizations that should make
 * every port at most as large as clang's program are still to come. {@code -Dbpf4j.bench.repeat}
 * and {@code -Dbpf4j.bench.runs} set the timing (the emulated second kernel in CI times nothing).
 */
@KernelTest
class CorpusCompareTest {
    /** Programs in reference/ and corpus/ together; a new C program without a port fails here. */
    private static final int AT_LEAST = 36;

    @Test
    void everyProgramOfTheCorpusHasAPortThatBehavesTheSame() throws Exception {
        Compare.Report report = Compare.run(Compare.Options.defaults()
                .withOurs(List.of(Path.of(System.getProperty("bpf4j.bench.objects")))).withTiming(Integer.getInteger("bpf4j.bench.repeat", 2_000), Integer.getInteger("bpf4j.bench.runs", 3)));
        report.print(System.out);

        assertTrue(report.rows().size() >= AT_LEAST, report.rows().size() + " programs: " + report.summary());
        List<String> different = report.rows().stream().filter(r -> !r.same())
                .map(r -> r.program() + (r.problem() == null ? "" : ": " + r.problem())).toList();
        assertTrue(different.isEmpty(), "not the same as clang's program: " + different);
        assertEquals(report.rows().size(), report.matched().size(), report.summary());
    }
}
