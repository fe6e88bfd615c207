package org.bpf4j.it.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.bpf4j.testing.KernelTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each open entry of {@link KnownCompilerBugs} still fails as recorded (when one stops failing,
 * the compiler was fixed: move the entry to {@code FIXED}, so the generators cover the construct
 * again), and each fixed one now agrees with the JVM.
 */
@KernelTest
class KnownCompilerBugsKernelTest {
    static Stream<KnownCompilerBugs.Bug> openBugs() {
        return KnownCompilerBugs.OPEN.stream();
    }

    @ParameterizedTest
    @MethodSource("openBugs")
    void reproducerStillFails(KnownCompilerBugs.Bug bug) {
        List<Finding> findings = new Differential(FuzzPackets.of(FuzzSettings.DEFAULT_SEED)).run(List.of(bug.program()));
        String seen = findings.isEmpty() ? "no failure" : findings.get(0).report();
        assertEquals(List.of(bug.kind()), findings.stream().map(Finding::kind).toList(),
                "known bug " + bug.construct() + " (" + bug.symptom() + ") now gives: " + seen
                        + "\nif it is fixed, move its entry to KnownCompilerBugs.FIXED");
    }

    static Stream<KnownCompilerBugs.Bug> fixedBugs() {
        return KnownCompilerBugs.FIXED.stream();
    }

    @ParameterizedTest
    @MethodSource("fixedBugs")
    void fixedReproducerAgreesWithTheJvm(KnownCompilerBugs.Bug bug) {
        List<Finding> findings = new Differential(FuzzPackets.of(FuzzSettings.DEFAULT_SEED)).run(List.of(bug.program()));
        assertEquals(List.of(), findings.stream().map(Finding::report).toList(), "regression of a fixed bug: " + bug.symptom());
    }
}
