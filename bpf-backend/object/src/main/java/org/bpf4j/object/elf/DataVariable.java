package org.bpf4j.object.elf;

import java.util.Objects;

/** A global variable inside a {@link DataSection}: its byte range and whether it is global. */
public record DataVariable(String name, int offset, int size, boolean global) {
    public DataVariable {
        Objects.requireNonNull(name, "name");
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException("variable '" + name + "' has negative offset " + offset + " or size " + size);
        }
    }
}
