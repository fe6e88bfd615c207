package org.bpf4j.compiler.ir;

/** A function parameter; arrives in r1–r5. */
public final class Param extends Value {
    private final int index;

    Param(int index, Type type) {
        super(type);
        this.index = index;
    }

    public int index() { return index; }

    @Override
    public String ref() { return "%arg" + index; }
}
