package org.bpf4j.lang;

import org.bpf4j.annotation.KernelMapType;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.lang.spi.HeapMapStore;
import org.bpf4j.lang.spi.MapStore;

/**
 * A hash map ({@code BPF_MAP_TYPE_HASH}): inserting into a full map fails.
 *
 * <pre>{@code
 * @BpfMap(maxEntries = 10_240)
 * static BpfHashMap<Integer, Long> counts;
 * }</pre>
 *
 * @see BpfKeyedMap for the operations
 */
@KernelMapType(MapKind.HASH)
public class BpfHashMap<K, V> extends BpfKeyedMap<K, V> {
    /** A map in JVM memory for key and value types that {@link Codecs#of} knows. */
    public BpfHashMap(Class<K> keyType, Class<V> valueType, int maxEntries) {
        this(Codecs.of(keyType), Codecs.of(valueType), maxEntries);
    }

    /** A map in JVM memory with explicit codecs (needed for {@code byte[]}). */
    public BpfHashMap(Codec<K> keyCodec, Codec<V> valueCodec, int maxEntries) {
        this(keyCodec, valueCodec, new HeapMapStore(MapKind.HASH, keyCodec.size(), valueCodec.size(), maxEntries, 1));
    }

    /** A map over a store, usually the runtime's kernel map. */
    public BpfHashMap(Codec<K> keyCodec, Codec<V> valueCodec, MapStore store) {
        super(keyCodec, valueCodec, store);
    }
}
