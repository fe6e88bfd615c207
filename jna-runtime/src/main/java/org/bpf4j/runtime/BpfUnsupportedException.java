package org.bpf4j.runtime;

/** This kernel does not support the requested program type, map type, helper or attach kind. */
public class BpfUnsupportedException extends BpfException {
    public BpfUnsupportedException(String message, int errno) {
        super(message, errno);
    }
}
