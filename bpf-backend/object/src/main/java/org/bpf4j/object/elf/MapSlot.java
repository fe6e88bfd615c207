package org.bpf4j.object.elf;

import java.util.Objects;

/**
 * An initial entry of a map-in-map or program array: slot {@code index} holds the map or program
 * named {@code target}. clang writes these ({@code .values = { [1] = &prog }}) as relocations in
 * {@code .rel.maps}; a loader fills the slots after creating the maps and loading the programs.
 */
public record MapSlot(int index, String target) {
    public MapSlot {
        Objects.requireNonNull(target, "target");
        if (index < 0) throw new IllegalArgumentException("negative slot index " + index + " for " + target);
        if (target.isEmpty()) throw new IllegalArgumentException("slot " + index + " names no map or program");
    }
}
