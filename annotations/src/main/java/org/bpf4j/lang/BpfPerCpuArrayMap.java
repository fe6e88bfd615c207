package org.bpf4j.lang;

import java.util.List;
import org.bpf4j.annotation.KernelMapType;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.lang.spi.HeapMapStore;
import org.bpf4j.lang.spi.MapStore;

/**
 * A per-CPU array ({@code BPF_MAP_TYPE_PERCPU_ARRAY}): BPF code sees its CPU's value, which
 * makes it the usual scratch space for structs too large for the 512-byte stack and the
 * cheapest counter. Java reads every CPU's value with {@link #getAllCpus} or {@link #sum}.
 *
 * @see BpfArrayMap for the operations
 */
@KernelMapType(MapKind.PERCPU_ARRAY)
public class BpfPerCpuArrayMap<V> extends BpfArrayMap<V> {
    /** An array in JVM memory with {@link JvmCpu#defaultCount()} CPUs. */
    public BpfPerCpuArrayMap(Class<V> valueType, int maxEntries) {
        this(Codecs.of(valueType), maxEntries, JvmCpu.defaultCount());
    }

    /** An array in JVM memory with {@code cpus} value slots per index. */
    public BpfPerCpuArrayMap(Codec<V> valueCodec, int maxEntries, int cpus) {
        super(valueCodec, new HeapMapStore(MapKind.PERCPU_ARRAY, 4, valueCodec.size(), maxEntries, cpus));
    }

    /** An array over a store, usually the runtime's kernel map. */
    public BpfPerCpuArrayMap(Codec<V> valueCodec, MapStore store) {
        super(valueCodec, store);
    }

    /** Java side: the number of CPUs. */
    public int cpus() {
        return engine.cpus();
    }

    /** Java side: every CPU's value at {@code index}; {@code null} when out of range. */
    public List<V> getAllCpus(int index) {
        return engine.lookupAllCpus(index);
    }

    /** Java side: sets every CPU's value at {@code index}. */
    public boolean putAllCpus(int index, List<V> values) {
        return engine.updateAllCpus(index, values, UpdateFlag.ANY);
    }

    /** Java side: the sum over CPUs of an integer value at {@code index}. */
    public long sum(int index) {
        return PerCpuSums.sum(engine.lookupAllCpus(index));
    }
}
