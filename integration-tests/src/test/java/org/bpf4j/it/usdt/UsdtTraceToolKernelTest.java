package org.bpf4j.it.usdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.samples.usdt.UsdtTraceTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generic tracer of {@code org.bpf4j.samples.usdt} on the probes of the gcc-built test
 * binary: each firing hands back the arguments {@link UsdtArgsKernelTest#ARGUMENTS} says the
 * binary passed there, as many as the site has, once per round and site.
 */
@KernelTest
class UsdtTraceToolKernelTest {
    static final int ROUNDS = 3;
    static Path dir, binary;

    @BeforeAll
    static void build() throws IOException {
        dir = Files.createTempDirectory("bpf4j-usdt-trace-it");
        binary = UsdtTestBinary.build(dir);
    }

    @AfterAll
    static void removeBuild() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) Files.delete(p);
        }
        Files.delete(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stack", "memory", "registers", "globals", "constants", "twice"})
    void everyFiringPrintsTheArgumentsTheBinaryPassed(String probe) {
        List<UsdtTraceTool.Firing> seen = new ArrayList<>();
        try (UsdtTraceTool tool = UsdtTraceTool.attach(binary + ":bpf4j:" + probe, -1, seen::add)) {
            UsdtTestBinary.run(binary, ROUNDS);
            while (tool.poll(Duration.ofMillis(100)) > 0) {
                // until every record is read
            }
        }
        List<List<Long>> expected = new ArrayList<>();
        for (List<Long> site : UsdtArgsKernelTest.ARGUMENTS.get(probe)) {
            expected.addAll(Collections.nCopies(ROUNDS, site));
        }
        List<List<Long>> printed = new ArrayList<>(seen.stream().map(UsdtTraceTool.Firing::args).toList());
        // the sites of "twice" fire in turn each round; compare regardless of order
        printed.sort(UsdtTraceToolKernelTest::compare);
        expected.sort(UsdtTraceToolKernelTest::compare);
        assertEquals(expected, printed, seen.toString());
    }

    @Test
    void aMissingProbeFailsNamingItAndLeavesNoDescriptorOpen() throws IOException {
        String missing = binary + ":bpf4j:no_such_probe";
        // the first attempt also opens what the JVM keeps (jars, libraries): count around the second
        assertThrows(RuntimeException.class, () -> UsdtTraceTool.attach(missing, -1, f -> { }));
        long before = openDescriptors();
        RuntimeException refused = assertThrows(RuntimeException.class, () -> UsdtTraceTool.attach(missing, -1, f -> { }));
        assertTrue(refused.getMessage().contains("no_such_probe"), refused.getMessage());
        assertEquals(before, openDescriptors(), "descriptors after the failed attach");
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static int compare(List<Long> a, List<Long> b) {
        return a.toString().compareTo(b.toString());
    }
}
