package org.bpf4j.it.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.object.isa.IsaLevel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bug the fuzzers found stays fixed: its reproducer compiles, loads and agrees with the JVM. */
@KernelTest
class KnownCompilerBugsKernelTest {
    /** Every reproducer at every level the differential fuzzer runs at: some bugs showed at one level only. */
    static Stream<Arguments> fixedBugs() {
        return KnownCompilerBugs.FIXED.stream().flatMap(bug -> FuzzSettings.levels().stream().map(level -> Arguments.of(bug, level)));
    }

    @ParameterizedTest
    @MethodSource("fixedBugs")
    void fixedReproducerAgreesWithTheJvm(KnownCompilerBugs.Bug bug, IsaLevel level) {
        List<Finding> findings = new Differential(FuzzPackets.of(FuzzSettings.DEFAULT_SEED), level).run(List.of(bug.program()));
        assertEquals(List.of(), findings.stream().map(Finding::report).toList(), "regression of a fixed bug: " + bug.symptom());
    }
}
