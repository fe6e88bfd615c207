package org.bpf4j.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;
import org.bpf4j.annotation.KernelMapType;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.lang.spi.HeapMapStore;
import org.bpf4j.lang.spi.MapStore;

/**
 * An array map ({@code BPF_MAP_TYPE_ARRAY}): indexes {@code 0 .. maxEntries-1} always exist,
 * zero-initialised; entries cannot be deleted. {@link #get} returns {@code null} only for an
 * index out of range, which BPF code must still check (the verifier insists).
 *
 * <pre>{@code
 * @BpfMap(maxEntries = 256)
 * static BpfArrayMap<Long> packetsByProtocol;
 * ...
 * packetsByProtocol.increment(ip.protocol & 0xFF);
 * }</pre>
 *
 * <p>A struct value returned by {@code get} is the map value (see {@link BpfKeyedMap}).
 */
@KernelMapType(MapKind.ARRAY)
public class BpfArrayMap<V> extends AbstractBpfMap {
    final MapEngine<Integer, V> engine;

    /** An array in JVM memory for a value type that {@link Codecs#of} knows. */
    public BpfArrayMap(Class<V> valueType, int maxEntries) {
        this(Codecs.of(valueType), maxEntries);
    }

    /** An array in JVM memory with an explicit value codec. */
    public BpfArrayMap(Codec<V> valueCodec, int maxEntries) {
        this(valueCodec, new HeapMapStore(MapKind.ARRAY, 4, valueCodec.size(), maxEntries, 1));
    }

    /** An array over a store, usually the runtime's kernel map. */
    public BpfArrayMap(Codec<V> valueCodec, MapStore store) {
        this.engine = new MapEngine<>(Codecs.INT, valueCodec, store);
    }

    /** The value at {@code index}; {@code null} when the index is out of range. */
    @Intrinsic(IntrinsicOp.MAP_LOOKUP)
    public V get(int index) {
        return engine.lookup(index);
    }

    /** Replaces the value at {@code index}; false when the index is out of range. */
    @Intrinsic(IntrinsicOp.MAP_UPDATE)
    public boolean put(int index, V value) {
        return engine.update(index, value, UpdateFlag.ANY);
    }

    /**
     * Atomically adds {@code delta} to an {@code Integer} or {@code Long} value; false when the
     * index is out of range.
     */
    @Intrinsic(IntrinsicOp.MAP_ADD)
    public boolean add(int index, long delta) {
        return engine.add(index, delta);
    }

    /** {@code add(index, 1)}. */
    @Intrinsic(IntrinsicOp.MAP_ADD)
    public boolean increment(int index) {
        return engine.add(index, 1);
    }

    /** Java side: all values in index order (the current CPU's for per-CPU arrays). */
    public List<V> values() {
        List<V> values = new ArrayList<>(maxEntries());
        for (int i = 0; i < maxEntries(); i++) {
            values.add(engine.peek(i));
        }
        return values;
    }

    /** Java side: calls {@code action} with each index and value. */
    public void forEach(BiConsumer<Integer, ? super V> action) {
        for (int i = 0; i < maxEntries(); i++) {
            action.accept(i, engine.peek(i));
        }
    }

    /** The backing store. */
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
