package org.bpf4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.api.Test;

/**
 * Block moves against clang 22's {@code __builtin_memcpy} at -mcpu=v3: prints the table of
 * docs/PERFORMANCE.md, requires each copy to take no more loads and stores than clang's, and
 * every program to behave as clang's on the corpus packets (maps and records compared).
 */
@KernelTest
class MoveCountsTest {
    @Test
    void copiesTakeNoMoreLoadsAndStoresThanClangsAndBehaveTheSame() throws Exception {
        Path objects = Path.of(System.getProperty("bpf4j.bench.objects"));
        List<MoveCounts.Row> rows = MoveCounts.run(Path.of(Compare.CLANG_22), "v3",
                objects.resolve("META-INF/bpf/org.bpf4j.bench.moves.BlockMoves.bpf.o"));
        MoveCounts.print(rows, System.out);
        assertEquals(20, rows.size(), "four kinds of copy at five sizes");
        for (MoveCounts.Row r : rows) {
            MoveCounts.Row base = MoveCounts.baseOf(r, rows);
            int clang = r.clangMoves() - base.clangMoves();
            int ours = r.oursMoves() - base.oursMoves();
            assertTrue(ours <= clang, r.program() + ": " + ours + " loads and stores for the copy, clang " + clang);
        }

        Compare.Report report = Compare.run(Compare.Options.defaults().withSources(List.of(MoveCounts.source().getParent()))
                .withOurs(List.of(objects)).withTiming(200, 1));
        report.print(System.out);
        List<String> different = report.rows().stream().filter(r -> !r.same())
                .map(r -> r.program() + (r.problem() == null ? "" : ": " + r.problem())).toList();
        assertTrue(different.isEmpty(), "not the same as clang's program: " + different);
        assertEquals(20, report.matched().size(), report.summary());
    }
}
