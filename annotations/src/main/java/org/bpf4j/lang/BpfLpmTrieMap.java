package org.bpf4j.lang;

import org.bpf4j.annotation.KernelMapType;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.lang.spi.HeapMapStore;
import org.bpf4j.lang.spi.MapStore;

/**
 * A longest-prefix-match trie ({@code BPF_MAP_TYPE_LPM_TRIE}), the map for CIDR rules. Keys
 * are {@code @BpfStruct}s laid out as {@code struct bpf_lpm_trie_key}: an {@code int} prefix
 * length in bits, then the data bytes most significant first, such as {@link LpmKey4} and
 * {@link LpmKey6}. {@link #get} with a key whose prefix length covers all its data (32 for
 * IPv4) returns the value of the longest stored prefix matching it.
 *
 * <pre>{@code
 * @BpfMap(maxEntries = 1024, flags = BpfMap.F_NO_PREALLOC)   // the kernel requires the flag
 * static BpfLpmTrieMap<LpmKey4, Integer> rules;
 * }</pre>
 *
 * @see BpfKeyedMap for the operations
 */
@KernelMapType(MapKind.LPM_TRIE)
public class BpfLpmTrieMap<K, V> extends BpfKeyedMap<K, V> {
    /** A trie in JVM memory for a key struct and a value type that {@link Codecs#of} knows. */
    public BpfLpmTrieMap(Class<K> keyType, Class<V> valueType, int maxEntries) {
        this(Codecs.of(keyType), Codecs.of(valueType), maxEntries);
    }

    /** A trie in JVM memory with explicit codecs. */
    public BpfLpmTrieMap(Codec<K> keyCodec, Codec<V> valueCodec, int maxEntries) {
        this(keyCodec, valueCodec, new HeapMapStore(MapKind.LPM_TRIE, keyCodec.size(), valueCodec.size(), maxEntries, 1));
    }

    /** A trie over a store, usually the runtime's kernel map. */
    public BpfLpmTrieMap(Codec<K> keyCodec, Codec<V> valueCodec, MapStore store) {
        super(keyCodec, valueCodec, store);
    }
}
