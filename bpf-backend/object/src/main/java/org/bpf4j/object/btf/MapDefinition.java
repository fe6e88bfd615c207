package org.bpf4j.object.btf;

/**
 * A map as libbpf declares it in the {@code .maps} section: the members of the anonymous struct
 * ({@code type}, {@code key}/{@code key_size}, {@code value}/{@code value_size},
 * {@code max_entries}, {@code map_flags}, {@code numa_node}, {@code pinning}, {@code map_extra},
 * {@code values}). Zero means "not given", as for libbpf. A key or value given by BTF type has
 * its type id set and its size derived from the type; one given by size has type id 0.
 *
 * @param mapType     {@code BPF_MAP_TYPE_*}
 * @param keyTypeId   BTF type of the key, or 0 when the key is given by {@code keySize} only
 * @param valueTypeId BTF type of the value, or 0
 * @param pinning     {@code LIBBPF_PIN_*} (0 none, 1 by name)
 * @param innerMap    the inner map of a map-in-map (the {@code values} member), or {@code null}
 */
public record MapDefinition(int mapType, int keySize, int keyTypeId, int valueSize, int valueTypeId,
        int maxEntries, int flags, int numaNode, int pinning, int mapExtra, MapDefinition innerMap) {

    public static final int PIN_NONE = 0;
    public static final int PIN_BY_NAME = 1;

    /** A map whose key and value are described by BTF types of the given sizes. */
    public static MapDefinition typed(int mapType, int keyTypeId, int keySize, int valueTypeId, int valueSize,
            int maxEntries) {
        return new MapDefinition(mapType, keySize, keyTypeId, valueSize, valueTypeId, maxEntries, 0, 0, 0, 0, null);
    }

    /** A map whose key and value have sizes but no BTF types (or no key/value at all: sizes 0). */
    public static MapDefinition sized(int mapType, int keySize, int valueSize, int maxEntries) {
        return new MapDefinition(mapType, keySize, 0, valueSize, 0, maxEntries, 0, 0, 0, 0, null);
    }

    public MapDefinition withFlags(int newFlags) {
        return new MapDefinition(mapType, keySize, keyTypeId, valueSize, valueTypeId, maxEntries, newFlags,
                numaNode, pinning, mapExtra, innerMap);
    }

    public MapDefinition withPinning(int newPinning) {
        return new MapDefinition(mapType, keySize, keyTypeId, valueSize, valueTypeId, maxEntries, flags,
                numaNode, newPinning, mapExtra, innerMap);
    }

    public MapDefinition withNumaNode(int newNumaNode) {
        return new MapDefinition(mapType, keySize, keyTypeId, valueSize, valueTypeId, maxEntries, flags,
                newNumaNode, pinning, mapExtra, innerMap);
    }

    public MapDefinition withMapExtra(int newMapExtra) {
        return new MapDefinition(mapType, keySize, keyTypeId, valueSize, valueTypeId, maxEntries, flags,
                numaNode, pinning, newMapExtra, innerMap);
    }

    public MapDefinition withInnerMap(MapDefinition newInnerMap) {
        return new MapDefinition(mapType, keySize, keyTypeId, valueSize, valueTypeId, maxEntries, flags,
                numaNode, pinning, mapExtra, newInnerMap);
    }
}
