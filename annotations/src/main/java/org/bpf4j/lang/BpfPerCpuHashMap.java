package org.bpf4j.lang;

import java.util.List;
import org.bpf4j.annotation.KernelMapType;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.lang.spi.HeapMapStore;
import org.bpf4j.lang.spi.MapStore;

/**
 * A per-CPU hash map ({@code BPF_MAP_TYPE_PERCPU_HASH}): each key has one value per possible
 * CPU. BPF code sees only its CPU's value (no atomics needed); Java reads all of them with
 * {@link #getAllCpus} or adds them up with {@link #sum}.
 *
 * @see BpfKeyedMap for the operations
 */
@KernelMapType(MapKind.PERCPU_HASH)
public class BpfPerCpuHashMap<K, V> extends BpfKeyedMap<K, V> {
    /** A map in JVM memory with {@link JvmCpu#defaultCount()} CPUs. */
    public BpfPerCpuHashMap(Class<K> keyType, Class<V> valueType, int maxEntries) {
        this(Codecs.of(keyType), Codecs.of(valueType), maxEntries, JvmCpu.defaultCount());
    }

    /** A map in JVM memory with {@code cpus} value slots per key. */
    public BpfPerCpuHashMap(Codec<K> keyCodec, Codec<V> valueCodec, int maxEntries, int cpus) {
        this(keyCodec, valueCodec,
                new HeapMapStore(MapKind.PERCPU_HASH, keyCodec.size(), valueCodec.size(), maxEntries, cpus));
    }

    /** A map over a store, usually the runtime's kernel map. */
    public BpfPerCpuHashMap(Codec<K> keyCodec, Codec<V> valueCodec, MapStore store) {
        super(keyCodec, valueCodec, store);
    }

    /** Java side: the number of CPUs (value slots per key). */
    public int cpus() {
        return engine.cpus();
    }

    /** Java side: every CPU's value, indexed by CPU; {@code null} when the key is absent. */
    public List<V> getAllCpus(K key) {
        return engine.lookupAllCpus(key);
    }

    /** Java side: sets every CPU's value at once ({@code values.size() == cpus()}). */
    public boolean putAllCpus(K key, List<V> values, UpdateFlag flag) {
        return engine.updateAllCpus(key, values, flag);
    }

    /** Java side: the sum over CPUs of an integer value; 0 when the key is absent. */
    public long sum(K key) {
        return PerCpuSums.sum(engine.lookupAllCpus(key));
    }
}
