package org.bpf4j.compiler.ir;

/** Malformed IR: a builder misuse or a failed {@link IrChecker} check; the message says what and where. */
public class IrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IrException(String message) { super(message); }
}
