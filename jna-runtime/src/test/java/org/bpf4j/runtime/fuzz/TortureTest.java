package org.bpf4j.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bpf4j.runtime.ClangObjects;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Torture} in a child JVM, so that a crash fails this test instead of ending the test
 * run: the child must exit 0 (every outcome a value or a documented exception) and leave no
 * hs_err file. {@code -Dbpf4j.torture.ops=N} runs more operations.
 */
@KernelTest
class TortureTest {
    private static final long OPS = Long.getLong("bpf4j.torture.ops", 1_000_000);
    private static final int THREADS = 4;

    @TempDir
    Path dir;

    @Test
    void randomOperationsFromSeveralThreadsNeverCrashTheJvm() throws Exception {
        Path object = ClangObjects.compile("features", FuzzCorpus.FEATURES, dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                "-cp", System.getProperty("java.class.path"), Torture.class.getName(),
                object.toString(), Long.toString(OPS), Integer.toString(THREADS), "1234"))
                .redirectErrorStream(true).start();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes());
        }
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the child finished");
        System.out.print(output);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList(),
                    "the child JVM crashed:\n" + output);
        }
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("torture: " + OPS + " operations"), output);
    }
}
