package org.bpf4j.it.fuzz;

import java.util.Arrays;
import java.util.List;
import org.bpf4j.object.isa.IsaLevel;

/** The fuzzers' knobs, as system properties: {@code -Dbpf4j.fuzz.count=N} programs from {@code -Dbpf4j.fuzz.seed=S}. */
final class FuzzSettings {
    /** CI runs the differential fuzzer at these levels; {@code -Dbpf4j.fuzz.cpus=v1,v2,v3,v4} runs it at all. */
    static final String CI_LEVELS = "v3,v4";

    static final long DEFAULT_SEED = 20261122L;

    private FuzzSettings() {
    }

    static int count(int ciDefault) {
        return Integer.getInteger("bpf4j.fuzz.count", ciDefault);
    }

    /** The ISA levels to compile for, from {@code -Dbpf4j.fuzz.cpus}. */
    static List<IsaLevel> levels() {
        return Arrays.stream(System.getProperty("bpf4j.fuzz.cpus", CI_LEVELS).split(",")).map(IsaLevel::ofCpuName).toList();
    }

    static long seed() {
        return Long.getLong("bpf4j.fuzz.seed", DEFAULT_SEED);
    }

    /** {@code -Dbpf4j.fuzz.program=P}: run only the program of seed P (as a report prints it). */
    static Long onlyProgram() {
        return Long.getLong("bpf4j.fuzz.program");
    }

    /** {@code -Dbpf4j.fuzz.shrinkMillis=T}: time for shrinking all findings of a run. */
    static long shrinkMillis(long ciDefault) {
        return Long.getLong("bpf4j.fuzz.shrinkMillis", ciDefault);
    }

    /** The seed of program {@code index} of a run: distinct, reproducible, independent of batching. */
    static long programSeed(long runSeed, int index) {
        return runSeed * 1_000_003L + index;
    }
}
