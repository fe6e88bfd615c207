package org.bpf4j.lang;

/**
 * Thrown on the JVM by a successful {@link BpfProgArray#tailCall}: in the kernel a tail call
 * does not return, the called program's result is the caller's. {@link JvmPrograms#run}
 * catches it and returns {@link #result()}.
 */
public final class TailCallExit extends RuntimeException {
    private final long result;

    TailCallExit(long result) {
        super("tail call finished with result " + result, null, false, false);
        this.result = result;
    }

    /** The return value of the program tail-called. */
    public long result() {
        return result;
    }
}
