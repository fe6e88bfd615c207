package org.bpf4j.it.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.object.isa.IsaLevel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JVM is the oracle: random valid programs, compiled by the real processor, run in the
 * kernel (BPF_PROG_TEST_RUN) on 8 packets and must return what the JVM returns, leave the same
 * packet bytes and the same array-map entries. Failures are shrunk and printed with their seed
 * and disassembly.
 */
@KernelTest
class DifferentialFuzzKernelTest {
    private static final int CI_COUNT = 500;
    private static final int BATCH = 50;
    private static final int SHRUNK_AT_MOST = 4;
    private static final long SHRINK_BUDGET_MILLIS = 120_000;

    static List<IsaLevel> levels() {
        return FuzzSettings.levels();
    }

    @ParameterizedTest
    @MethodSource("levels")
    void kernelAgreesWithTheJvm(IsaLevel level) {
        Long only = FuzzSettings.onlyProgram();
        int count = only != null ? 1 : FuzzSettings.count(CI_COUNT);
        long seed = FuzzSettings.seed();
        ProgramGenerator generator = new ProgramGenerator(level);
        Differential differential = new Differential(FuzzPackets.of(seed), level);
        List<Finding> findings = new ArrayList<>();
        long started = System.nanoTime();
        for (int from = 0; from < count; from += BATCH) {
            List<Program> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + BATCH); i++) {
                batch.add(generator.generate(only != null ? only : FuzzSettings.programSeed(seed, i)));
            }
            findings.addAll(differential.run(batch));
        }
        StringBuilder report = new StringBuilder();
        Set<String> shrunk = new HashSet<>();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            boolean first = shrunk.size() < SHRUNK_AT_MOST && shrunk.add(f.signature());
            if (first) {
                f = new Shrinker(differential, FuzzSettings.shrinkMillis(SHRINK_BUDGET_MILLIS) / SHRUNK_AT_MOST).shrink(f);
            }
            report.append("---- finding ").append(i + 1).append(" of ").append(findings.size())
                    .append(first ? " (shrunk)" : "").append(": ").append(first ? f.report() : f.signature() + "\n");
        }
        System.out.printf("differential fuzz at %s, run seed %d: %d programs x %d packets in %.0f s, %d failed%n%s", level.cpuName(),
                seed, differential.programsRun(), FuzzPackets.of(seed).size(), (System.nanoTime() - started) / 1e9, findings.size(), report);
        assertTrue(findings.isEmpty(), findings.size() + " of " + count + " programs (run seed " + seed + ", " + level.cpuName() + ") failed:\n" + report);
        assertEquals(count, differential.programsRun(), "every program ran on the JVM and in the kernel");
    }
}
