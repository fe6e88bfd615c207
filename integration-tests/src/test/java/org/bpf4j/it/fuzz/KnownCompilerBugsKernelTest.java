package org.bpf4j.it.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bug the fuzzers found stays fixed: its reproducer compiles, loads and agrees with the JVM. */
@KernelTest
class KnownCompilerBugsKernelTest {
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
