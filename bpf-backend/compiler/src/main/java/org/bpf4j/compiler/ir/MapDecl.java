package org.bpf4j.compiler.ir;

import java.util.Objects;

/**
 * A map of the module, written to {@code .maps} with a libbpf BTF definition.
 *
 * @param name       symbol name (what libbpf and the skeleton call it)
 * @param mapType    {@code BPF_MAP_TYPE_*} number (e.g. 1 hash, 2 array, 6 per-CPU array, 27 ring buffer)
 * @param keySize    bytes; 0 for maps without keys (ring buffers)
 * @param valueSize  bytes; 0 for maps without values
 * @param maxEntries {@code max_entries} (ring buffers: the byte size)
 * @param flags      {@code map_flags}
 * @param pinning    0 none, 1 {@code LIBBPF_PIN_BY_NAME}
 * @param keyType    BTF description of the key, or null to write {@code key_size}
 * @param valueType  BTF description of the value, or null to write {@code value_size}
 */
public record MapDecl(String name, int mapType, int keySize, int valueSize, int maxEntries, int flags, int pinning,
                      DataType keyType, DataType valueType) {
    public MapDecl {
        Objects.requireNonNull(name, "name");
        if (mapType <= 0) throw new IllegalArgumentException("map " + name + ": map type " + mapType + " is not a BPF_MAP_TYPE");
        if (keySize < 0 || valueSize < 0 || maxEntries < 0) {
            throw new IllegalArgumentException("map " + name + ": negative key size, value size or max entries");
        }
        if (keyType != null && keyType.size() != keySize) {
            throw new IllegalArgumentException("map " + name + ": key type is " + keyType.size() + " bytes but key size is " + keySize);
        }
        if (valueType != null && valueType.size() != valueSize) {
            throw new IllegalArgumentException("map " + name + ": value type is " + valueType.size() + " bytes but value size is " + valueSize);
        }
    }

    /** A map whose key and value are described by types (sizes taken from them). */
    public static MapDecl of(String name, int mapType, DataType keyType, DataType valueType, int maxEntries) {
        return new MapDecl(name, mapType, keyType == null ? 0 : keyType.size(), valueType == null ? 0 : valueType.size(),
                maxEntries, 0, 0, keyType, valueType);
    }
}
