package org.bpf4j.compiler.ir;

/**
 * Operations of {@link Instruction}. Operands and attributes are listed per constant; the
 * {@link FunctionBuilder} has one factory per operation that fills them in.
 *
 * <p>Integer arithmetic follows Java: the width is the result type ({@link Type#I32} wraps at
 * 32 bits and is emitted as ALU32, {@link Type#I64} at 64 bits), shift counts are masked with
 * 31 or 63. Division and remainder by zero follow BPF (quotient 0, remainder the dividend); the
 * front end checks divisors where Java semantics must be kept.
 */
public enum Op {
    // ---- arithmetic: operands (a, b), result I32 or I64, both operands of the result type
    ADD, SUB, MUL, SDIV, UDIV, SREM, UREM, AND, OR, XOR,
    /** Shifts: operands (value, count); the count has the result type and is masked like Java. */
    SHL, ASHR, LSHR,
    /** Operand (a). */
    NEG,
    /** Sign extension of the low {@code size} bytes (1, 2, 4) of operand (a) to the result type. */
    SEXT,
    /** Zero extension of the low {@code size} bytes (1, 2, 4) of operand (a) to the result type. */
    ZEXT,
    /** I64 operand (a) → I32 low half. */
    TRUNC,
    /** Byte swap of the low {@code size} bytes (2, 4, 8) of (a); higher bits of the result are zero. */
    BSWAP,
    /** Operand (a); the same value, possibly with a different pointer kind ({@code nonNull}). */
    COPY,
    /** Operands: the incoming values, one per {@link Phi#incomingBlocks()} entry. */
    PHI,

    // ---- memory
    /** Operand (ctx); {@code offset}, {@code size}; result I32/I64 or PACKET/PACKET_END. */
    CTX_LOAD,
    /** Operands (ctx, value); {@code offset}, {@code size}. */
    CTX_STORE,
    /**
     * Operands (base: PACKET, offset: integer, end: PACKET_END); {@code size}: header size.
     * Result PACKET_OR_NULL: {@code base + offset} when {@code size} bytes from there are within
     * the packet, else null. Null-test it with a branch; a variable offset must be bounded.
     */
    PACKET_HEADER,
    /** Operand (ptr); {@code offset}, {@code size}, {@code signed}; result I32/I64. */
    LOAD,
    /** Operands (ptr, value); {@code offset}, {@code size} (the value's low bytes are stored). */
    STORE,
    /**
     * Operands (ptr, offset: integer); a pointer of ptr's (non-null) kind {@code offset} bytes
     * further. The verifier bounds every access through it as it does for ptr.
     */
    PTR_ADD,
    /** No operands; {@code size} bytes (rounded up to 8) of stack, zeroed when {@code flag}; result STACK. */
    STACK_ALLOC,
    /** No operands; {@code symbol}: map name; result MAP_HANDLE (an LD_IMM64 relocation). */
    MAP_ADDR,
    /** No operands; {@code symbol}: global variable name, {@code offset}; result MAP_VALUE. */
    GLOBAL_ADDR,
    /**
     * Operands (ptr, value) or, for CMPXCHG, (ptr, expected, newValue); {@code atomic},
     * {@code offset}, {@code size} 4 or 8, {@code flag}: fetch (result = old value, else VOID).
     */
    ATOMIC,

    // ---- calls
    /** Operands (map, key); result MAP_VALUE_OR_NULL. */
    MAP_LOOKUP,
    /** Operands (map, key, value, flags: I64); result I64. */
    MAP_UPDATE,
    /** Operands (map, key); result I64. */
    MAP_DELETE,
    /** Operands: up to 5 args (I64 or pointers); {@code id}: helper number; result I64, a pointer kind or VOID. */
    HELPER_CALL,
    /** Operands: up to 5 args; {@code symbol}: callee function name (BPF-to-BPF). */
    CALL,
    /** Operands (ctx, progArray: MAP_HANDLE, index: I32/I64); returns only when the tail call fails. */
    TAIL_CALL,

    // ---- terminators
    /** {@code targets}: (dest). */
    BR,
    /** Operands (a, b) of the same type; {@code cmp}; {@code targets}: (ifTrue, ifFalse). */
    COND_BR,
    /** Operand (value) or none for a VOID function. */
    RETURN;

    public boolean isTerminator() { return this == BR || this == COND_BR || this == RETURN; }

    /** Whether the instruction must stay even when its result is unused. */
    public boolean hasSideEffects() {
        switch (this) {
            case CTX_STORE: case STORE: case ATOMIC: case MAP_UPDATE: case MAP_DELETE: case HELPER_CALL:
            case CALL: case TAIL_CALL: case BR: case COND_BR: case RETURN:
                return true;
            default:
                return false;
        }
    }

    /** Calls clobber r0–r5. */
    public boolean isCall() {
        return this == MAP_LOOKUP || this == MAP_UPDATE || this == MAP_DELETE || this == HELPER_CALL || this == CALL || this == TAIL_CALL;
    }

    /** Pure integer arithmetic that constant folding and CSE may treat as a function of the operands. */
    public boolean isArithmetic() { return ordinal() <= BSWAP.ordinal(); }

    public boolean isCommutative() { return this == ADD || this == MUL || this == AND || this == OR || this == XOR; }
}
