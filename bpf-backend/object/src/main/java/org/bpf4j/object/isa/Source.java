package org.bpf4j.object.isa;

/**
 * Operand source bit (0x08) of ALU and JMP opcodes: {@code K} takes the 32-bit immediate,
 * {@code X} the source register. For the END operation it selects the byte order instead
 * (K = to little endian, X = to big endian).
 */
public enum Source {
    K(0x00), X(0x08);

    private final int code;

    Source(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Source of(int opcode) {
        return (opcode & 0x08) == 0 ? K : X;
    }
}
