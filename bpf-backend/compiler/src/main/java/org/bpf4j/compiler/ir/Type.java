package org.bpf4j.compiler.ir;

/**
 * The type of an IR value. Integer values live in registers as {@link #I32} (Java {@code int},
 * {@code short}, {@code byte}, {@code char}, {@code boolean} after promotion) or {@link #I64}
 * ({@code long}); {@link #I8} and {@link #I16} name memory access widths only. The pointer kinds
 * are the ones the kernel verifier tells apart; the {@code _OR_NULL} kinds must be null-tested
 * (a {@link Cmp#EQ}/{@link Cmp#NE} branch against {@link Constant#nullOf(Type)}) before any use
 * other than that test, exactly as the verifier demands.
 */
public enum Type {
    I8(1), I16(2), I32(4), I64(8),
    /** The program's context argument (r1 at entry). */
    CTX(8),
    /** A pointer into packet data, not yet proven in bounds (never dereferenced directly). */
    PACKET(8),
    /** {@code data_end}: only compared with packet pointers. */
    PACKET_END(8),
    /** Result of {@link Op#PACKET_HEADER}: a packet pointer proven in bounds, or null. */
    PACKET_OR_NULL(8),
    /** A pointer into this function's stack frame ({@link Op#STACK_ALLOC}). */
    STACK(8),
    /** A pointer into a map value or global data section. */
    MAP_VALUE(8),
    MAP_VALUE_OR_NULL(8),
    /** Helper-returned memory such as a ring buffer record. */
    MEM(8),
    MEM_OR_NULL(8),
    /** A map itself ({@link Op#MAP_ADDR}), passed to map helpers. */
    MAP_HANDLE(8),
    /** No value: the type of stores, branches and other instructions that define nothing. */
    VOID(0);

    private final int size;

    Type(int size) { this.size = size; }

    /** Size in bytes of a value of this type in memory (pointers: 8). */
    public int size() { return size; }

    public boolean isInteger() { return this == I8 || this == I16 || this == I32 || this == I64; }

    /** The two integer types a register value can have. */
    public boolean isRegisterInteger() { return this == I32 || this == I64; }

    public boolean isPointer() { return !isInteger() && this != VOID; }

    public boolean isMaybeNull() { return this == PACKET_OR_NULL || this == MAP_VALUE_OR_NULL || this == MEM_OR_NULL; }

    /** Pointers a LOAD/STORE/ATOMIC may go through (maybe-null kinds once null-tested). */
    public boolean isDereferenceable() {
        Type t = nonNull();
        return t == STACK || t == MAP_VALUE || t == MEM || t == PACKET;
    }

    /** The kind a maybe-null pointer has once proven non-null. */
    public Type nonNull() {
        switch (this) {
            case PACKET_OR_NULL: return PACKET;
            case MAP_VALUE_OR_NULL: return MAP_VALUE;
            case MEM_OR_NULL: return MEM;
            default: return this;
        }
    }
}
