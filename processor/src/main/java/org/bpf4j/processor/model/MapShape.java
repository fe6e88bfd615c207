package org.bpf4j.processor.model;

import java.util.Map;
import org.bpf4j.annotation.MapKind;

/**
 * How a map kind's Java class carries its key and value types, and the sizes fixed by the
 * kernel where the class has no type argument for them. The one table of map shapes.
 */
public enum MapShape {
    /** {@code <K, V>}: key and value from the type arguments. */
    KEYED(-1, -1),
    /** {@code <V>}: an array indexed by a u32. */
    INDEXED(4, -1),
    /** {@code <T>}: a ring buffer; T is the record type, the map has no key or value. */
    RING(0, 0),
    /** {@code <T>}: a perf event array of per-CPU fds (u32 → u32); T is the record type. */
    PERF(4, 4),
    /** No type arguments: an array of program fds (u32 → u32). */
    FD_ARRAY(4, 4);

    private static final Map<MapKind, MapShape> BY_KIND = Map.ofEntries(
            Map.entry(MapKind.HASH, KEYED),
            Map.entry(MapKind.LRU_HASH, KEYED),
            Map.entry(MapKind.PERCPU_HASH, KEYED),
            Map.entry(MapKind.LRU_PERCPU_HASH, KEYED),
            Map.entry(MapKind.LPM_TRIE, KEYED),
            Map.entry(MapKind.ARRAY, INDEXED),
            Map.entry(MapKind.PERCPU_ARRAY, INDEXED),
            Map.entry(MapKind.RINGBUF, RING),
            Map.entry(MapKind.PERF_EVENT_ARRAY, PERF),
            Map.entry(MapKind.PROG_ARRAY, FD_ARRAY));

    private final int fixedKeySize;
    private final int fixedValueSize;

    MapShape(int fixedKeySize, int fixedValueSize) {
        this.fixedKeySize = fixedKeySize;
        this.fixedValueSize = fixedValueSize;
    }

    /** The shape of a map kind; null for kinds bpf4j has no map class for. */
    public static MapShape of(MapKind kind) {
        return BY_KIND.get(kind);
    }

    /** Type arguments the map class takes. */
    public int typeArguments() {
        return switch (this) {
            case KEYED -> 2;
            case INDEXED, RING, PERF -> 1;
            case FD_ARRAY -> 0;
        };
    }

    public boolean hasKeyType() {
        return this == KEYED;
    }

    public boolean hasValueType() {
        return this == KEYED || this == INDEXED;
    }

    public boolean hasRecordType() {
        return this == RING || this == PERF;
    }

    /** Key size the kernel fixes, -1 when it comes from the key type. */
    public int fixedKeySize() {
        return fixedKeySize;
    }

    /** Value size the kernel fixes, -1 when it comes from the value type. */
    public int fixedValueSize() {
        return fixedValueSize;
    }
}
