package org.bpf4j.object.elf;

import java.util.List;
import java.util.Objects;
import org.bpf4j.object.btf.MapDefinition;

/**
 * A named map as an object file declares it, from BTF {@code .maps} or a legacy {@code maps}
 * section. The definition (type, key/value sizes and BTF type ids, max entries, flags, pinning,
 * inner map) is the BTF package's {@link MapDefinition}; a legacy definition has no type ids.
 * {@code initialSlots} are the maps or programs a map-in-map or program array starts with.
 */
public record MapSpec(String name, MapDefinition definition, List<MapSlot> initialSlots) {
    public MapSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition of map " + name);
        if (name.isEmpty()) throw new IllegalArgumentException("map without a name");
        initialSlots = List.copyOf(initialSlots);
        for (MapSlot slot : initialSlots) {
            if (slot.index() >= definition.maxEntries()) {
                throw new IllegalArgumentException("map '" + name + "': initial slot " + slot.index() + " ("
                        + slot.target() + ") is beyond its " + definition.maxEntries() + " entries");
            }
        }
    }

    /** A map without initial slots. */
    public MapSpec(String name, MapDefinition definition) {
        this(name, definition, List.of());
    }
}
