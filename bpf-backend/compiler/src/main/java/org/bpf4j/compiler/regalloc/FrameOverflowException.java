package org.bpf4j.compiler.regalloc;

/** A function needs more than the 512 bytes of stack BPF gives each frame. */
public final class FrameOverflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FrameOverflowException(String message) { super(message); }
}
