package org.bpf4j.backend.elf;

import java.util.Objects;
import org.bpf4j.backend.btf.MapDefinition;

/**
 * A named map as an object file declares it, from BTF {@code .maps} or a legacy {@code maps}
 * section. The definition (type, key/value sizes and BTF type ids, max entries, flags, pinning,
 * inner map) is the BTF package's {@link MapDefinition}; a legacy definition has no type ids.
 */
public record MapSpec(String name, MapDefinition definition) {
    public MapSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition of map " + name);
        if (name.isEmpty()) throw new IllegalArgumentException("map without a name");
    }
}
