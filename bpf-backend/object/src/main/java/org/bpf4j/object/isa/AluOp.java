package org.bpf4j.object.isa;

/**
 * Arithmetic operations of the ALU and ALU64 classes. SDIV and SMOD share the opcode of DIV and
 * MOD and are told apart by offset 1, as the instruction set defines them.
 */
public enum AluOp {
    ADD(0x00, 0), SUB(0x10, 0), MUL(0x20, 0), DIV(0x30, 0), SDIV(0x30, 1), OR(0x40, 0), AND(0x50, 0),
    LSH(0x60, 0), RSH(0x70, 0), NEG(0x80, 0), MOD(0x90, 0), SMOD(0x90, 1), XOR(0xa0, 0), MOV(0xb0, 0),
    ARSH(0xc0, 0), END(0xd0, 0);

    private final int code;
    private final int offset;

    AluOp(int code, int offset) {
        this.code = code;
        this.offset = offset;
    }

    /** The operation bits (4-7) of the opcode. */
    public int code() {
        return code;
    }

    /** The offset field that selects this operation among those with the same code. */
    public int offset() {
        return offset;
    }

    /** True for the two-operand operations that take a register or an immediate source. */
    public boolean isBinary() {
        return this != NEG && this != END;
    }

    /** The operation of an ALU opcode and offset; null if the pair names none. */
    public static AluOp of(int opcode, int offset) {
        int code = opcode & 0xf0;
        if (code == DIV.code || code == MOD.code) {
            return switch (offset) {
                case 0 -> code == DIV.code ? DIV : MOD;
                case 1 -> code == DIV.code ? SDIV : SMOD;
                default -> null;
            };
        }
        for (AluOp op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        return null;
    }
}
