package org.bpf4j.compiler.ir;

/** What one operand position of an {@link Op} accepts; some kinds depend on the instruction's result type or size. */
enum OperandKind {
    /** Anything; a rule elsewhere (phis, comparisons) looks at it. */
    ANY,
    /** The instruction's own result type (arithmetic: no implicit widening). */
    RESULT_TYPE,
    INTEGER,
    /** An I32 or I64 of at least the instruction's {@code size} bytes (extensions, byte swaps). */
    INTEGER_OF_SIZE,
    I64,
    CTX,
    /** A BTF-typed kernel pointer (I64), or the context where it is a kernel struct (an iterator's). */
    KERNEL_POINTER,
    /** A packet pointer, null-tested or not (the header check itself tests it). */
    PACKET,
    PACKET_END,
    MAP_HANDLE,
    /** A pointer LOAD/STORE/ATOMIC and map helpers may go through. */
    MEMORY,
    /** What a STORE writes: an integer, or a pointer stored whole (8 bytes). */
    STORED,
    /** The integer of an atomic's width: I32 for 4 bytes, I64 for 8. */
    ATOMIC_VALUE,
    /** COPY: the result type, or the maybe-null kind of a pointer result. */
    COPY_SOURCE,
    /** Helpers take 64-bit registers: I64 or a pointer, never I32. */
    HELPER_ARGUMENT,
    /** The function's return type. */
    RETURNED;

    boolean accepts(Value v, Instruction i) {
        Type t = v.type();
        return switch (this) {
            case ANY -> true;
            case RESULT_TYPE -> t == i.type();
            case INTEGER -> t.isRegisterInteger();
            case INTEGER_OF_SIZE -> t.isRegisterInteger() && t.size() >= i.size();
            case I64 -> t == Type.I64;
            case CTX -> t == Type.CTX;
            case KERNEL_POINTER -> t == Type.I64 || t == Type.CTX;
            case PACKET -> t == Type.PACKET || t == Type.PACKET_OR_NULL;
            case PACKET_END -> t == Type.PACKET_END;
            case MAP_HANDLE -> t == Type.MAP_HANDLE;
            case MEMORY -> t.isDereferenceable();
            case STORED -> t.isRegisterInteger() || (i.size() == 8 && t.isPointer());
            case ATOMIC_VALUE -> t == atomicType(i);
            case COPY_SOURCE -> t == i.type() || t.nonNull() == i.type();
            case HELPER_ARGUMENT -> t != Type.I32;
            case RETURNED -> t == i.block().function().returnType();
        };
    }

    /** What was expected, for the error message. */
    String expected(Instruction i) {
        return switch (this) {
            case ANY -> "any value";
            case RESULT_TYPE -> i.type().toString();
            case INTEGER -> "I32 or I64";
            case INTEGER_OF_SIZE -> "I32 or I64 of at least " + i.size() + " bytes";
            case I64, CTX, PACKET_END, MAP_HANDLE -> name();
            case KERNEL_POINTER -> "I64 or CTX";
            case PACKET -> "PACKET or PACKET_OR_NULL";
            case MEMORY -> "a pointer to memory";
            case STORED -> "an integer (or an 8-byte pointer)";
            case ATOMIC_VALUE -> atomicType(i).toString();
            case COPY_SOURCE -> i.type() + " or its maybe-null kind";
            case HELPER_ARGUMENT -> "I64 or a pointer (widen an I32 with SEXT/ZEXT)";
            case RETURNED -> i.block().function().returnType().toString();
        };
    }

    private static Type atomicType(Instruction i) {
        return i.size() == 4 ? Type.I32 : Type.I64;
    }
}
