package org.bpf4j.compiler.ir;

/** What result type an {@link Op} may declare, given its operands and {@code size}. */
enum ResultKind {
    ANY,
    INTEGER,
    /** An I32 or I64 wide enough for the instruction's {@code size} bytes (loads, extensions). */
    INTEGER_OF_SIZE,
    /** A context field: an integer wide enough for {@code size}, or the packet's data/data_end pointers. */
    CTX_FIELD,
    /** The non-null kind of pointer operand 0 (pointer arithmetic keeps the kind). */
    POINTER_OF_OPERAND,
    /** Helpers return a 64-bit register: I64, a pointer or VOID, never a narrower integer. */
    HELPER_RESULT;

    boolean accepts(Instruction i) {
        Type t = i.type();
        return switch (this) {
            case ANY -> true;
            case INTEGER -> t.isRegisterInteger();
            case INTEGER_OF_SIZE -> t.isRegisterInteger() && i.size() <= t.size();
            case CTX_FIELD -> (t.isRegisterInteger() && i.size() <= t.size()) || t == Type.PACKET || t == Type.PACKET_END;
            case POINTER_OF_OPERAND -> t == i.operand(0).type().nonNull();
            case HELPER_RESULT -> t != Type.I8 && t != Type.I16 && t != Type.I32;
        };
    }

    String expected(Instruction i) {
        return switch (this) {
            case ANY -> "any type";
            case INTEGER -> "I32 or I64";
            case INTEGER_OF_SIZE -> "I32 or I64 holding " + i.size() + " bytes";
            case CTX_FIELD -> "I32 or I64 holding " + i.size() + " bytes, PACKET or PACKET_END";
            case POINTER_OF_OPERAND -> "the pointer kind " + i.operand(0).type().nonNull();
            case HELPER_RESULT -> "I64, a pointer or VOID (helpers return 64 bits: declare the result I64 and TRUNC it)";
        };
    }
}
