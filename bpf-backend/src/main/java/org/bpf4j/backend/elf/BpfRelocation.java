package org.bpf4j.backend.elf;

import java.util.Objects;

/**
 * A reference from an instruction to a symbol: the byte {@code offset} of the instruction inside
 * its program, the {@code symbol} (a map, function, data variable or section name) and what it
 * refers to.
 */
public record BpfRelocation(int offset, String symbol, RelocationKind kind) {
    public BpfRelocation {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(kind, "kind");
        if (offset < 0 || offset % 8 != 0) {
            throw new IllegalArgumentException("relocation offset " + offset + " is not the byte offset of an instruction");
        }
    }
}
