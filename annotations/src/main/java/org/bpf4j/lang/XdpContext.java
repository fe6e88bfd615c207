package org.bpf4j.lang;

/** Placeholder, being written. */
public class XdpContext implements BpfContext {
}
