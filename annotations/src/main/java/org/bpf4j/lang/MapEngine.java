package org.bpf4j.lang;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.lang.spi.HeapMapStore;
import org.bpf4j.lang.spi.MapStore;

/**
 * The shared machinery of key/value maps: codecs over a {@link MapStore}, per-CPU slots, and
 * on a {@link HeapMapStore} live values, so that a struct returned by a lookup is the map
 * value as in the kernel: before every operation, fields changed through such objects are
 * written back (only the bytes that changed, so later writes by other paths survive).
 */
final class MapEngine<K, V> {
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private final MapStore store;
    private final int slotSize;
    private final List<LiveValue> live = new ArrayList<>();

    MapEngine(Codec<K> keyCodec, Codec<V> valueCodec, MapStore store) {
        if (keyCodec == null || valueCodec == null || store == null) {
            throw new IllegalArgumentException("key codec, value codec and store are required");
        }
        if (store.keySize() != keyCodec.size() || store.valueSize() != valueCodec.size()) {
            throw new IllegalArgumentException("map store has " + store.keySize() + "-byte keys and "
                    + store.valueSize() + "-byte values but the codecs need " + keyCodec.size() + " and "
                    + valueCodec.size());
        }
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.store = store;
        this.slotSize = store.cpus() == 1 ? store.valueSize() : (store.valueSize() + 7) & ~7;
    }

    MapStore store() {
        return store;
    }

    int cpus() {
        return store.cpus();
    }

    /** The slot BPF-side operations use: the simulated CPU for per-CPU maps, else 0. */
    int currentSlot() {
        if (store.cpus() == 1) {
            return 0;
        }
        int cpu = JvmCpu.current();
        if (cpu >= store.cpus()) {
            throw new IllegalStateException("running on CPU " + cpu + " but the per-CPU map has " + store.cpus()
                    + " CPUs");
        }
        return cpu;
    }

    synchronized V lookup(K key) {
        flush();
        byte[] keyBytes = Codecs.toBytes(keyCodec, key);
        byte[] buffer = new byte[store.valueBufferSize()];
        if (!store.lookup(keyBytes, buffer)) {
            return null;
        }
        int slot = currentSlot();
        V value = Codecs.fromBytes(valueCodec, buffer, slot * slotSize);
        if (store instanceof HeapMapStore && isMutable(value)) {
            for (LiveValue entry : live) {
                if (entry.slot == slot && Arrays.equals(entry.key, keyBytes)) {
                    entry.pinned = null;
                }
            }
            live.add(new LiveValue(keyBytes, slot, value, Arrays.copyOfRange(buffer, slot * slotSize,
                    slot * slotSize + valueCodec.size())));
        }
        return value;
    }

    /** A Java-side read: the current CPU's value without LRU marking, never a live view. */
    synchronized V peek(K key) {
        flush();
        byte[] buffer = new byte[store.valueBufferSize()];
        if (!peekBytes(Codecs.toBytes(keyCodec, key), buffer)) {
            return null;
        }
        return Codecs.fromBytes(valueCodec, buffer, currentSlot() * slotSize);
    }

    private boolean peekBytes(byte[] key, byte[] buffer) {
        return store instanceof HeapMapStore heap ? heap.peek(key, buffer) : store.lookup(key, buffer);
    }

    synchronized boolean contains(K key) {
        flush();
        return store.lookup(Codecs.toBytes(keyCodec, key), new byte[store.valueBufferSize()]);
    }

    /** Updates this CPU's slot (all of the value for ordinary maps). */
    synchronized boolean update(K key, V value, UpdateFlag flag) {
        flush();
        byte[] keyBytes = Codecs.toBytes(keyCodec, key);
        byte[] valueBytes = Codecs.toBytes(valueCodec, value);
        detach(keyBytes);
        byte[] buffer = new byte[store.valueBufferSize()];
        if (store.cpus() > 1) {
            store.lookup(keyBytes, buffer);
        }
        System.arraycopy(valueBytes, 0, buffer, currentSlot() * slotSize, valueBytes.length);
        return store.update(keyBytes, buffer, flag.value());
    }

    synchronized boolean delete(K key) {
        flush();
        byte[] keyBytes = Codecs.toBytes(keyCodec, key);
        detach(keyBytes);
        return store.delete(keyBytes);
    }

    /** Adds {@code delta} to this CPU's 4- or 8-byte integer value; false when absent. */
    synchronized boolean add(K key, long delta) {
        flush();
        int size = valueCodec.size();
        if (size != 4 && size != 8) {
            throw new IllegalStateException("adding needs Integer or Long values, not " + size + "-byte values");
        }
        byte[] keyBytes = Codecs.toBytes(keyCodec, key);
        byte[] buffer = new byte[store.valueBufferSize()];
        if (!store.lookup(keyBytes, buffer)) {
            return false;
        }
        ByteBuffer view = ByteBuffer.wrap(buffer).order(ByteOrder.nativeOrder());
        int at = currentSlot() * slotSize;
        if (size == 4) {
            view.putInt(at, view.getInt(at) + (int) delta);
        } else {
            view.putLong(at, view.getLong(at) + delta);
        }
        // BPF_EXIST: an entry deleted meanwhile stays deleted, as with the kernel's atomic add.
        return store.update(keyBytes, buffer, UpdateFlag.EXIST.value());
    }

    /** Every CPU's value of a per-CPU map (one element for others); null when absent. */
    synchronized List<V> lookupAllCpus(K key) {
        flush();
        byte[] buffer = new byte[store.valueBufferSize()];
        if (!peekBytes(Codecs.toBytes(keyCodec, key), buffer)) {
            return null;
        }
        List<V> values = new ArrayList<>(store.cpus());
        for (int cpu = 0; cpu < store.cpus(); cpu++) {
            values.add(Codecs.fromBytes(valueCodec, buffer, cpu * slotSize));
        }
        return values;
    }

    /** Sets every CPU's value at once. */
    synchronized boolean updateAllCpus(K key, List<V> values, UpdateFlag flag) {
        flush();
        if (values.size() != store.cpus()) {
            throw new IllegalArgumentException(values.size() + " values given for a map with " + store.cpus()
                    + " CPUs");
        }
        byte[] keyBytes = Codecs.toBytes(keyCodec, key);
        detach(keyBytes);
        byte[] buffer = new byte[store.valueBufferSize()];
        for (int cpu = 0; cpu < values.size(); cpu++) {
            byte[] one = Codecs.toBytes(valueCodec, values.get(cpu));
            System.arraycopy(one, 0, buffer, cpu * slotSize, one.length);
        }
        return store.update(keyBytes, buffer, flag.value());
    }

    /** Keys in iteration order, at most {@code maxEntries} (see {@link MapStore#forEachEntry}). */
    synchronized List<K> keys() {
        flush();
        List<K> keys = new ArrayList<>();
        byte[] current = null;
        byte[] next = new byte[store.keySize()];
        while (keys.size() < store.maxEntries() && store.nextKey(current, next)) {
            keys.add(Codecs.fromBytes(keyCodec, next, 0));
            current = next.clone();
        }
        return keys;
    }

    /** Every entry with the current CPU's value, read as user space does. */
    synchronized void forEachEntry(BiConsumer<? super K, ? super V> action) {
        flush();
        int slot = currentSlot() * slotSize;
        store.forEachEntry((key, value) -> action.accept(Codecs.fromBytes(keyCodec, key, 0),
                Codecs.fromBytes(valueCodec, value, slot)));
    }

    /**
     * Stores all entries (this CPU's slot on per-CPU maps).
     *
     * @throws IllegalStateException naming the first entry the map refused
     */
    synchronized void updateAll(Map<? extends K, ? extends V> entries) {
        flush();
        List<K> order = new ArrayList<>(entries.keySet());
        if (store.cpus() > 1) {
            for (K key : order) {
                if (!update(key, entries.get(key), UpdateFlag.ANY)) {
                    throw refused(key);
                }
            }
            return;
        }
        int keySize = store.keySize();
        int valueSize = store.valueSize();
        byte[] keys = new byte[order.size() * keySize];
        byte[] values = new byte[order.size() * valueSize];
        for (int i = 0; i < order.size(); i++) {
            byte[] key = Codecs.toBytes(keyCodec, order.get(i));
            System.arraycopy(key, 0, keys, i * keySize, keySize);
            System.arraycopy(Codecs.toBytes(valueCodec, entries.get(order.get(i))), 0, values, i * valueSize, valueSize);
            detach(key);
        }
        int stored = store.updateBatch(keys, values, order.size(), UpdateFlag.ANY.value());
        if (stored < order.size()) {
            throw refused(order.get(stored));
        }
    }

    private IllegalStateException refused(K key) {
        return new IllegalStateException("map refused the entry for key " + key + " (full: " + store.maxEntries()
                + " entries)");
    }

    /** Writes back fields changed through live values since their last synchronisation. */
    synchronized void flush() {
        for (Iterator<LiveValue> it = live.iterator(); it.hasNext(); ) {
            LiveValue entry = it.next();
            V value = entry.pinned != null ? entry.pinned : entry.value.get();
            if (value == null) {
                it.remove();
                continue;
            }
            byte[] now = Codecs.toBytes(valueCodec, value);
            if (Arrays.equals(now, entry.snapshot)) {
                continue;
            }
            byte[] buffer = new byte[store.valueBufferSize()];
            if (!store.lookup(entry.key, buffer)) {
                it.remove();
                continue;
            }
            int base = entry.slot * slotSize;
            for (int i = 0; i < now.length; i++) {
                if (now[i] != entry.snapshot[i]) {
                    buffer[base + i] = now[i];
                }
            }
            store.update(entry.key, buffer, UpdateFlag.EXIST.value());
            entry.snapshot = now;
        }
    }

    private void detach(byte[] keyBytes) {
        live.removeIf(entry -> Arrays.equals(entry.key, keyBytes));
    }

    private static boolean isMutable(Object value) {
        return !(value instanceof Number || value instanceof Character);
    }

    void close() {
        synchronized (this) {
            flush();
            live.clear();
        }
        store.close();
    }

    private final class LiveValue {
        final byte[] key;
        final int slot;
        final WeakReference<V> value;
        /**
         * The latest value looked up for its key stays strongly reachable until the next lookup of
         * that key, which first writes it back: a program's last write through a value it no longer
         * references would otherwise be lost to a GC before the next map operation. Older values
         * are held weakly, so that live values do not accumulate.
         */
        V pinned;
        byte[] snapshot;

        LiveValue(byte[] key, int slot, V value, byte[] snapshot) {
            this.key = key;
            this.slot = slot;
            this.value = new WeakReference<>(value);
            this.pinned = value;
            this.snapshot = snapshot;
        }
    }
}
