package org.bpf4j.it.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bpf4j.bench.Compare;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.object.elf.Rewrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clang's reference programs, read into a BpfObject and written back by us, behave exactly like
 * clang's own objects: {@link Compare} (with the same clang and flags) matches all eight, with the
 * same results and maps and the same instruction slots.
 */
@KernelTest
class ReferenceRewriteTest {
    private static final Path SYSTEM_CLANG = Path.of("clang");

    @Test
    void rewrittenReferenceObjectsMatchClangInTheBenchmark(@TempDir Path tmp) throws Exception {
        Prerequisites.requireTool("clang");
        Path reference = Compare.sourceRoot().resolve("reference");
        Path built = Files.createDirectory(tmp.resolve("clang"));
        List<Path> objects = new ArrayList<>();
        try (Stream<Path> sources = Files.list(reference)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".bpf.c")).sorted().toList()) {
                objects.add(Tools.clang(source, built));
            }
        }
        assertEquals(8, objects.size(), "reference programs");
        Path ours = Files.createDirectory(tmp.resolve("ours"));
        Rewrite.rewrite(objects, ours);

        Compare.Report report = Compare.run(Compare.Options.defaults().withClang(SYSTEM_CLANG).withCpu("v3")
                .withSources(List.of(reference)).withOurs(List.of(ours)).withTiming(2_000, 3));
        report.print(System.out);
        assertEquals(8, report.rows().size(), report.summary());
        assertEquals(8, report.matched().size(), report.summary());
        for (Compare.Row row : report.rows()) {
            assertNotNull(row.ours(), row.program() + ": " + row.problem());
            assertEquals(row.clang().slots(), row.ours().slots(), "slots of " + row.program());
            assertEquals(row.clang().processed(), row.ours().processed(), "verifier work of " + row.program());
            assertTrue(row.same(), "behaviour of " + row.program());
        }
    }
}
