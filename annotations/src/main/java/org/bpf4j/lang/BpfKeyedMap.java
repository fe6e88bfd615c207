package org.bpf4j.lang;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.lang.spi.MapStore;

/**
 * The hash map family: keys of type {@code K} map to values of type {@code V}. The methods
 * marked {@link Intrinsic} may be called from BPF code; the others are Java-side only.
 *
 * <p><b>Value identity.</b> In BPF code (and when the method runs on the JVM over JVM memory),
 * a struct or {@code byte[]} value returned by {@link #get} is the map's value: assigning its
 * fields changes the map. From Java over a kernel map, {@code get} returns a copy; write it
 * back with {@link #put}. On the JVM, objects returned before a {@code put} or {@code remove} of
 * their key stop writing to the map (in the kernel, an array element would stay shared).
 *
 * <p><b>Per-CPU maps.</b> {@code get}, {@code put}, {@code addIfPresent} and the others act on
 * the current CPU's value: in the kernel the CPU running the program, on the JVM
 * {@link JvmCpu#current()}. See {@link BpfPerCpuHashMap} for all CPUs' values.
 */
public abstract class BpfKeyedMap<K, V> extends AbstractBpfMap {
    final MapEngine<K, V> engine;

    BpfKeyedMap(Codec<K> keyCodec, Codec<V> valueCodec, MapStore store) {
        this.engine = new MapEngine<>(keyCodec, valueCodec, store);
    }

    /** The value for {@code key}, or {@code null} when absent. */
    @Intrinsic(IntrinsicOp.MAP_LOOKUP)
    public V get(K key) {
        return engine.lookup(key);
    }

    /** Whether {@code key} is present. */
    @Intrinsic(IntrinsicOp.MAP_CONTAINS)
    public boolean containsKey(K key) {
        return engine.contains(key);
    }

    /** Creates or replaces the entry; false when the map is full. */
    @Intrinsic(IntrinsicOp.MAP_UPDATE)
    public boolean put(K key, V value) {
        return engine.update(key, value, UpdateFlag.ANY);
    }

    /**
     * Creates or replaces the entry as {@code flag} allows; false when the flag's condition
     * fails or the map is full.
     */
    @Intrinsic(IntrinsicOp.MAP_UPDATE)
    public boolean put(K key, V value, UpdateFlag flag) {
        return engine.update(key, value, flag);
    }

    /** Deletes the entry; false when it was absent. */
    @Intrinsic(IntrinsicOp.MAP_DELETE)
    public boolean remove(K key) {
        return engine.delete(key);
    }

    /**
     * Atomically adds {@code delta} to an {@code Integer} or {@code Long} value when the key is
     * present (lookup + {@code BPF_ATOMIC} add in the kernel); returns whether it was present.
     */
    @Intrinsic(IntrinsicOp.MAP_ADD)
    public boolean addIfPresent(K key, long delta) {
        return engine.add(key, delta);
    }

    /** {@code addIfPresent(key, 1)}. */
    @Intrinsic(IntrinsicOp.MAP_ADD)
    public boolean incrementIfPresent(K key) {
        return engine.add(key, 1);
    }

    /** Java side: all keys, in the map's iteration order. */
    public List<K> keys() {
        return engine.keys();
    }

    /**
     * Java side: calls {@code action} for each entry present with a copy of its value (the
     * current CPU's). Like user-space reads in the kernel, this does not refresh LRU entries.
     */
    public void forEach(BiConsumer<? super K, ? super V> action) {
        engine.forEachEntry(action);
    }

    /** Java side: a snapshot of all entries, in iteration order. */
    public Map<K, V> entries() {
        Map<K, V> snapshot = new LinkedHashMap<>();
        forEach(snapshot::put);
        return snapshot;
    }

    /** Java side: the number of entries (walks the keys). */
    public int size() {
        return engine.keys().size();
    }

    /** Java side: batch lookup; absent keys are left out of the result. */
    public Map<K, V> getAll(Collection<? extends K> keys) {
        Map<K, V> found = new LinkedHashMap<>();
        for (K key : keys) {
            V value = engine.peek(key);
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    /**
     * Java side: batch update ({@code BPF_MAP_UPDATE_BATCH} where the store has it). Entries
     * before the refused one stay stored.
     *
     * @throws IllegalStateException naming the first entry the map refused (it is full)
     */
    public void putAll(Map<? extends K, ? extends V> entries) {
        engine.updateAll(entries);
    }

    /** Java side: deletes every entry. */
    public void clear() {
        for (K key : engine.keys()) {
            engine.delete(key);
        }
    }

    /** The backing store (a {@link org.bpf4j.lang.spi.HeapMapStore} or the runtime's). */
    public MapStore store() {
        return engine.store();
    }

    @Override
    public int maxEntries() {
        return engine.store().maxEntries();
    }

    @Override
    public void close() {
        engine.close();
    }
}
