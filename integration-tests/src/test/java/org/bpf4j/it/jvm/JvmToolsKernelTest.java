package org.bpf4j.it.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.samples.jvm.GcPausesTool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM tools of {@code org.bpf4j.samples.jvm} on a child JVM of JDK 17 and of JDK 25, which
 * runs a known workload ({@link JvmWorkload}) while they watch it through HotSpot's probes.
 */
@KernelTest
class JvmToolsKernelTest {
    static final int GCS = 5;

    @ParameterizedTest
    @ValueSource(strings = {"/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/temurin-25-jdk-amd64"})
    void theGcToolCountsExactlyTheCollectionsTheChildAskedFor(String javaHome) throws Exception {
        try (ChildJvm child = ChildJvm.start(Path.of(javaHome), GCS); GcPausesTool tool = GcPausesTool.attach(child.pid())) {
            child.run();
            GcPausesTool.Stats stats = tool.stats();
            assertEquals(GCS, stats.full(), stats.toString());
            assertEquals(GCS, stats.collections(), "no collection the child did not ask for: " + stats);
            assertEquals(GCS, java.util.Arrays.stream(stats.histogram()).sum(), "every pause ended");
            assertTrue(stats.pauseNs() > 0, stats.toString());
        }
    }
}
