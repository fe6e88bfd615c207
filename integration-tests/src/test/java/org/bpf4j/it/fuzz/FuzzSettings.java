package org.bpf4j.it.fuzz;

/** The fuzzers' knobs, as system properties: {@code -Dbpf4j.fuzz.count=N} programs from {@code -Dbpf4j.fuzz.seed=S}. */
final class FuzzSettings {
    static final long DEFAULT_SEED = 20261122L;

    private FuzzSettings() {
    }

    static int count(int ciDefault) {
        return Integer.getInteger("bpf4j.fuzz.count", ciDefault);
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
