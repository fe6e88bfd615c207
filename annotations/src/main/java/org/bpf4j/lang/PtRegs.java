package org.bpf4j.lang;

/** Placeholder, being written. */
public class PtRegs implements BpfContext {
}
