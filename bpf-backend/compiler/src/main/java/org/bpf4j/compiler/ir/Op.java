package org.bpf4j.compiler.ir;

import static org.bpf4j.compiler.ir.OperandKind.*;

/**
 * Operations of {@link Instruction}. Operands and attributes are listed per constant, and each
 * constant carries its {@link Signature}: the operand, result and size rules the
 * {@link IrChecker} enforces. The {@link FunctionBuilder} has one factory per operation that
 * fills them in.
 *
 * <p>Integer arithmetic follows Java: the width is the result type ({@link Type#I32} wraps at
 * 32 bits and is emitted as ALU32, {@link Type#I64} at 64 bits), shift counts are masked with
 * 31 or 63. Division and remainder by zero follow BPF (quotient 0, remainder the dividend); the
 * front end checks divisors where Java semantics must be kept.
 */
public enum Op {
    // ---- arithmetic: operands (a, b), result I32 or I64, both operands of the result type
    ADD(Signature.of(RESULT_TYPE, RESULT_TYPE).result(ResultKind.INTEGER)),
    SUB(ADD.signature), MUL(ADD.signature), SDIV(ADD.signature), UDIV(ADD.signature), SREM(ADD.signature),
    UREM(ADD.signature), AND(ADD.signature), OR(ADD.signature), XOR(ADD.signature),
    /** Shifts: operands (value, count); the count has the result type and is masked like Java. */
    SHL(ADD.signature), ASHR(ADD.signature), LSHR(ADD.signature),
    /** Operand (a). */
    NEG(Signature.of(RESULT_TYPE).result(ResultKind.INTEGER)),
    /** Sign extension of the low {@code size} bytes (1, 2, 4) of operand (a) to the result type. */
    SEXT(Signature.of(INTEGER_OF_SIZE).result(ResultKind.INTEGER_OF_SIZE).size(SizeRule.EXTENSION)),
    /** Zero extension of the low {@code size} bytes (1, 2, 4) of operand (a) to the result type. */
    ZEXT(SEXT.signature),
    /** I64 operand (a) → I32 low half. */
    TRUNC(Signature.of(I64)),
    /** Byte swap of the low {@code size} bytes (2, 4, 8) of (a); higher bits of the result are zero. */
    BSWAP(Signature.of(INTEGER_OF_SIZE).size(SizeRule.SWAP)),
    /** Operand (a); the same value, possibly with a different pointer kind ({@code nonNull}). */
    COPY(Signature.of(COPY_SOURCE)),
    /** Operands: the incoming values, one per {@link Phi#incomingBlocks()} entry. */
    PHI(Signature.of().arity(Signature.Arity.PER_INCOMING)),

    // ---- memory
    /** Operand (ctx); {@code offset}, {@code size}; result I32/I64 or PACKET/PACKET_END. */
    CTX_LOAD(Signature.of(CTX).result(ResultKind.CTX_FIELD).size(SizeRule.ACCESS)),
    /** Operands (ctx, value); {@code offset}, {@code size}. */
    CTX_STORE(Signature.of(CTX, INTEGER).size(SizeRule.ACCESS)),
    /**
     * Operands (base: PACKET, offset: integer, end: PACKET_END); {@code size}: header size.
     * Result PACKET_OR_NULL: {@code base + offset} when {@code size} bytes from there are within
     * the packet, else null. Null-test it with a branch; a variable offset must be bounded.
     */
    PACKET_HEADER(Signature.of(PACKET, INTEGER, PACKET_END).size(SizeRule.POSITIVE)),
    /** Operand (ptr); {@code offset}, {@code size}, {@code signExtends}; result I32/I64. */
    LOAD(Signature.of(MEMORY).result(ResultKind.INTEGER_OF_SIZE).size(SizeRule.ACCESS)),
    /** Operands (ptr, value); {@code offset}, {@code size} (the value's low bytes are stored). */
    STORE(Signature.of(MEMORY, STORED).size(SizeRule.ACCESS)),
    /**
     * Operands (ptr, offset: integer); a pointer of ptr's (non-null) kind {@code offset} bytes
     * further. The verifier bounds every access through it as it does for ptr.
     */
    PTR_ADD(Signature.of(MEMORY, INTEGER).result(ResultKind.POINTER_OF_OPERAND)),
    /** No operands; {@code size} bytes (rounded up to 8) of stack, {@code zeroed} or not; result STACK. */
    STACK_ALLOC(Signature.of().size(SizeRule.STACK)),
    /** No operands; {@code symbol}: map name; result MAP_HANDLE (an LD_IMM64 relocation). */
    MAP_ADDR(Signature.of().symbol()),
    /** No operands; {@code symbol}: global variable name, {@code offset}; result MAP_VALUE. */
    GLOBAL_ADDR(MAP_ADDR.signature),
    /**
     * Operands (ptr, value) or, for CMPXCHG, (ptr, expected, newValue); {@code atomic},
     * {@code offset}, {@code size} 4 or 8, {@code fetches}: result = old value, else VOID.
     */
    ATOMIC(Signature.of(MEMORY, ATOMIC_VALUE, ATOMIC_VALUE).arity(Signature.Arity.ATOMIC).size(SizeRule.ATOMIC)),
    /**
     * No operands; {@code core}: a CO-RE relocation; result I32/I64, the local value until the
     * loader puts the kernel's there (a member offset or size, whether a member, type or enum
     * value exists, ...). Never folded: its value is known only at load.
     */
    CORE_VALUE(Signature.of().result(ResultKind.INTEGER)),
    /**
     * Operand (ptr: I64, a BTF-typed kernel pointer the verifier tracks, or CTX where the
     * context is a kernel struct, as an iterator's {@code bpf_iter__<target>}); {@code core}: the
     * member's byte offset relocation, {@code offset} its local value, {@code size},
     * {@code signExtends}; result I32/I64: a direct load the loader points at the kernel's member.
     */
    CORE_LOAD(Signature.of(KERNEL_POINTER).result(ResultKind.INTEGER_OF_SIZE).size(SizeRule.ACCESS)),

    // ---- calls
    /** Operands (map, key); result MAP_VALUE_OR_NULL. */
    MAP_LOOKUP(Signature.of(MAP_HANDLE, MEMORY)),
    /** Operands (map, key, value, flags: I64); result I64. */
    MAP_UPDATE(Signature.of(MAP_HANDLE, MEMORY, MEMORY, I64)),
    /** Operands (map, key); result I64. */
    MAP_DELETE(MAP_LOOKUP.signature),
    /** Operands: up to 5 args (I64 or pointers); {@code id}: helper number; result I64, a pointer kind or VOID. */
    HELPER_CALL(Signature.upTo(5, HELPER_ARGUMENT).result(ResultKind.HELPER_RESULT)),
    /** Operands: up to 5 args; {@code symbol}: callee function name (BPF-to-BPF). */
    CALL(Signature.upTo(5, ANY).symbol()),
    /** Operands (ctx, progArray: MAP_HANDLE, index: I32/I64); returns only when the tail call fails. */
    TAIL_CALL(Signature.of(CTX, MAP_HANDLE, INTEGER)),

    // ---- terminators
    /** {@code targets}: (dest). */
    BR(Signature.of().targets(1)),
    /** Operands (a, b) of the same type; {@code cmp}; {@code targets}: (ifTrue, ifFalse). */
    COND_BR(Signature.of(ANY, ANY).targets(2).comparing()),
    /** Operand (value) or none for a VOID function. */
    RETURN(Signature.of(RETURNED).arity(Signature.Arity.RETURN));

    private final Signature signature;

    Op(Signature signature) {
        this.signature = signature;
    }

    /** The operand and attribute rules {@link IrChecker} enforces. */
    Signature signature() { return signature; }

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

    /** ADD to LSHR: operands (a, b) of the result type, evaluated by {@link JavaArithmetic}. */
    public boolean isBinaryArithmetic() { return ordinal() <= LSHR.ordinal(); }

    public boolean isCommutative() { return this == ADD || this == MUL || this == AND || this == OR || this == XOR; }
}
