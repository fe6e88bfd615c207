package org.bpf4j.compiler.ir;

/**
 * An integer constant (I32/I64; I32 constants are kept sign-extended to 64 bits) or the null
 * pointer of a maybe-null pointer kind. Constants are values, not instructions: any operand may
 * be one, and instruction selection uses immediate forms where the ISA has them.
 */
public final class Constant extends Value {
    private final long value;

    private Constant(Type type, long value) {
        super(type);
        this.value = value;
    }

    public static Constant i32(int value) { return new Constant(Type.I32, value); }

    public static Constant i64(long value) { return new Constant(Type.I64, value); }

    /** A constant of an integer register type, truncated to it. */
    public static Constant of(Type type, long value) {
        if (type == Type.I32) return i32((int) value);
        if (type == Type.I64) return i64(value);
        throw new IllegalArgumentException("integer constants are I32 or I64, not " + type);
    }

    /** The null pointer of a maybe-null pointer kind, for null tests. */
    public static Constant nullOf(Type pointerType) {
        if (!pointerType.isMaybeNull()) {
            throw new IllegalArgumentException("null is a value of the _OR_NULL pointer kinds only, not " + pointerType);
        }
        return new Constant(pointerType, 0);
    }

    public long value() { return value; }

    public boolean isNull() { return type().isPointer(); }

    /** Fits a BPF instruction's signed 32-bit immediate (always true for I32). */
    public boolean fitsImm32() { return value == (int) value; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Constant && ((Constant) o).type() == type() && ((Constant) o).value == value;
    }

    @Override
    public int hashCode() { return Long.hashCode(value) * 31 + type().hashCode(); }

    @Override
    public String ref() { return isNull() ? "null" : type() == Type.I64 ? value + "L" : Long.toString(value); }
}
