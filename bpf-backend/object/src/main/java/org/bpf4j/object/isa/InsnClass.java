package org.bpf4j.object.isa;

/** The instruction class: the low three bits of every opcode. */
public enum InsnClass {
    LD(0x00), LDX(0x01), ST(0x02), STX(0x03), ALU(0x04), JMP(0x05), JMP32(0x06), ALU64(0x07);

    private static final InsnClass[] BY_CODE = values();

    private final int code;

    InsnClass(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isAlu() {
        return this == ALU || this == ALU64;
    }

    public boolean isJmp() {
        return this == JMP || this == JMP32;
    }

    public boolean isLoadStore() {
        return code <= STX.code;
    }

    public static InsnClass of(int opcode) {
        return BY_CODE[opcode & 0x07];
    }
}
