package org.bpf4j.lang;

/** Placeholder, being written. */
public class RawTracepointContext implements BpfContext {
}
