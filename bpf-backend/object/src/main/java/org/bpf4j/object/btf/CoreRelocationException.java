package org.bpf4j.object.btf;

/** A CO-RE relocation that cannot be resolved: a malformed access string or an ambiguous target. */
public final class CoreRelocationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CoreRelocationException(String message) {
        super(message);
    }
}
