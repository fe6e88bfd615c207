package org.bpf4j.backend.elf;

import java.util.Objects;
import java.util.Optional;

/**
 * A map definition as an object file declares it, from BTF {@code .maps} or a legacy
 * {@code maps} section. {@code type} is the kernel's {@code BPF_MAP_TYPE_*} number; type ids are
 * 0 where the definition carries sizes only. {@code innerMap} is the template of the maps stored
 * in a map-in-map ({@code ARRAY_OF_MAPS}, {@code HASH_OF_MAPS}).
 */
public record MapSpec(
        String name,
        int type,
        int keySize,
        int valueSize,
        int maxEntries,
        int flags,
        int pinning,
        int keyTypeId,
        int valueTypeId,
        Optional<MapSpec> innerMap) {

    /** {@code LIBBPF_PIN_NONE}. */
    public static final int PIN_NONE = 0;
    /** {@code LIBBPF_PIN_BY_NAME}: pinned under the pin root path by map name. */
    public static final int PIN_BY_NAME = 1;

    public MapSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(innerMap, "innerMap");
        if (name.isEmpty()) throw new IllegalArgumentException("map without a name");
    }

    /** A map with no pinning, no BTF type ids and no inner map. */
    public static MapSpec of(String name, int type, int keySize, int valueSize, int maxEntries, int flags) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, flags, PIN_NONE, 0, 0, Optional.empty());
    }
}
