package org.bpf4j.runtime;

/**
 * The outcome of BPF_PROG_TEST_RUN.
 *
 * @param retval the program's return value
 * @param data the packet as the program left it (empty when no data was given)
 * @param context the context as the program left it (empty when none was given)
 * @param durationNs mean nanoseconds per repetition, as the kernel measured
 */
public record TestRunResult(int retval, byte[] data, byte[] context, long durationNs) {}
