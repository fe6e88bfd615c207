package org.bpf4j.compiler.ir;

/** An SSA value: a {@link Constant}, a function {@link Param} or the result of an {@link Instruction}. */
public abstract class Value {
    private final Type type;

    Value(Type type) { this.type = type; }

    public final Type type() { return type; }

    /** The name printed for this value, e.g. {@code %3}, {@code %arg0}, {@code 42}. */
    public abstract String ref();

    @Override
    public String toString() { return ref(); }
}
