package org.bpf4j.compiler.ir;

import org.bpf4j.object.isa.BpfStack;

/** The values an {@link Op}'s {@code size} attribute may take. */
enum SizeRule {
    UNUSED("anything"),
    /** Memory access widths of BPF loads and stores. */
    ACCESS("1, 2, 4 or 8 bytes"),
    /** Widths MOVSX and the narrow loads extend from. */
    EXTENSION("1, 2 or 4 bytes"),
    /** Widths of BPF_END. */
    SWAP("2, 4 or 8 bytes"),
    /** Widths of BPF_ATOMIC. */
    ATOMIC("4 or 8 bytes"),
    POSITIVE("positive"),
    STACK("1 to " + BpfStack.LIMIT + " bytes, the BPF stack");

    private final String allowed;

    SizeRule(String allowed) {
        this.allowed = allowed;
    }

    boolean accepts(int size) {
        return switch (this) {
            case UNUSED -> true;
            case ACCESS -> size == 1 || size == 2 || size == 4 || size == 8;
            case EXTENSION -> size == 1 || size == 2 || size == 4;
            case SWAP -> size == 2 || size == 4 || size == 8;
            case ATOMIC -> size == 4 || size == 8;
            case POSITIVE -> size > 0;
            case STACK -> size > 0 && size <= BpfStack.LIMIT;
        };
    }

    String allowed() { return allowed; }
}
