package org.bpf4j.lang;

/** Placeholder, being written. */
public class PerfEventContext implements BpfContext {
}
