package org.bpf4j.it.fuzz;

/** What went wrong with one generated program, and the evidence. */
record Finding(Kind kind, Program program, String source, String detail) {
    enum Kind {
        /** The kernel's result (return value, output packet or map entries) differs from the JVM's. */
        MISMATCH,
        /** The processor rejected a program of the supported subset. */
        REJECTED,
        /** The processor accepted it but the kernel verifier refused it. */
        VERIFIER,
        /** javac or the processor failed without an error attributable to one program. */
        CRASH,
        /** javac refused it or the JVM threw: a generator bug, the program is not valid input. */
        JVM_FAILURE
    }

    /** The first line of the detail with positions, generated names and numbers blotted out. */
    String signature() {
        String first = detail.lines().findFirst().orElse("");
        return kind + ": " + first.replaceAll("\\b[pvima]\\d+\\b", "#").replaceAll("\\d+", "#");
    }

    String report() {
        return kind + " (" + program.origin() + ")\n" + source + detail;
    }
}
