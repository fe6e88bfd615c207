package org.bpf4j.object.isa;

/** Operations of the JMP and JMP32 classes. */
public enum JmpOp {
    JA(0x00), JEQ(0x10), JGT(0x20), JGE(0x30), JSET(0x40), JNE(0x50), JSGT(0x60), JSGE(0x70),
    CALL(0x80), EXIT(0x90), JLT(0xa0), JLE(0xb0), JSLT(0xc0), JSLE(0xd0),
    /** Kernel-decided branch; its only form is may_goto, taken when the loop budget runs out. */
    JCOND(0xe0);

    private final int code;

    JmpOp(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** True for the operations that compare two operands and branch on the result. */
    public boolean isConditional() {
        return this != JA && this != CALL && this != EXIT && this != JCOND;
    }

    /** True for conditional operations with an opposite condition; JSET has none. */
    public boolean hasNegation() {
        return isConditional() && this != JSET;
    }

    /** The condition that holds exactly when this one does not. */
    public JmpOp negate() {
        return switch (this) {
            case JEQ -> JNE;
            case JNE -> JEQ;
            case JGT -> JLE;
            case JLE -> JGT;
            case JGE -> JLT;
            case JLT -> JGE;
            case JSGT -> JSLE;
            case JSLE -> JSGT;
            case JSGE -> JSLT;
            case JSLT -> JSGE;
            default -> throw new IllegalStateException(this + " has no negated condition");
        };
    }

    /** The condition that gives the same result with the two operands swapped. */
    public JmpOp swapOperands() {
        return switch (this) {
            case JEQ, JNE, JSET -> this;
            case JGT -> JLT;
            case JLT -> JGT;
            case JGE -> JLE;
            case JLE -> JGE;
            case JSGT -> JSLT;
            case JSLT -> JSGT;
            case JSGE -> JSLE;
            case JSLE -> JSGE;
            default -> throw new IllegalStateException(this + " compares no operands");
        };
    }

    /** The operation of a JMP/JMP32 opcode; null for the unassigned code 0xf0. */
    public static JmpOp of(int opcode) {
        for (JmpOp op : values()) {
            if (op.code == (opcode & 0xf0)) {
                return op;
            }
        }
        return null;
    }
}
