package org.bpf4j.compiler.emit;

/** The program needs an instruction that the target ISA level does not have and no sequence replaces. */
public final class TargetLevelException extends RuntimeException {
    public TargetLevelException(String message) {
        super(message);
    }
}
