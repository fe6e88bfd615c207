package org.bpf4j.compiler.asm;

/**
 * A position in assembled code, created by {@link Assembler#newLabel} and bound once by
 * {@link Assembler#bind}. Jumps may refer to a label before it is bound.
 */
public final class Label {
    private final Assembler owner;
    private final String name;
    int boundItem = -1;

    Label(Assembler owner, String name) {
        this.owner = owner;
        this.name = name;
    }

    Assembler owner() {
        return owner;
    }

    public String name() {
        return name;
    }

    public boolean isBound() {
        return boundItem >= 0;
    }

    @Override
    public String toString() {
        return name;
    }
}
