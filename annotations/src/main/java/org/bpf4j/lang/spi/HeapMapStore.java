package org.bpf4j.lang.spi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.bpf4j.annotation.MapKind;

/**
 * A {@link MapStore} in JVM memory that follows the kernel's semantics for hash, LRU hash,
 * array and LPM trie maps and the per-CPU variants: update flags ({@code BPF_NOEXIST},
 * {@code BPF_EXIST}), a full hash map refusing new keys, LRU maps evicting the least recently
 * used entry, arrays with every index present and zero-initialised that cannot delete, LPM
 * tries answering lookups with the longest matching prefix. Keys iterate in insertion order
 * (hash, LPM) or index order (arrays). This is what map classes use when no kernel is
 * involved: tests and the JVM side of differential testing. Not thread-safe beyond
 * {@code synchronized} methods.
 */
public final class HeapMapStore implements MapStore {
    private static final long BPF_NOEXIST = 1;
    private static final long BPF_EXIST = 2;
    private static final long BPF_F_LOCK = 4;

    private final MapKind kind;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int cpus;
    private final Map<Key, byte[]> entries;
    private boolean closed;

    /**
     * A store of the given kind: {@code HASH}, {@code LRU_HASH}, {@code ARRAY}, or a per-CPU
     * variant ({@code PERCPU_HASH}, {@code LRU_PERCPU_HASH}, {@code PERCPU_ARRAY}) with
     * {@code cpus} value slots per entry ({@code cpus} is forced to 1 for the others).
     */
    public HeapMapStore(MapKind kind, int keySize, int valueSize, int maxEntries, int cpus) {
        if (!isSupported(kind)) {
            throw new IllegalArgumentException("HeapMapStore models hash, LRU hash and array maps, not " + kind);
        }
        if (keySize <= 0 || valueSize <= 0 || maxEntries <= 0 || cpus <= 0) {
            throw new IllegalArgumentException("key size " + keySize + ", value size " + valueSize
                    + ", max entries " + maxEntries + " and cpus " + cpus + " must all be positive");
        }
        if (isArray(kind) && keySize != 4) {
            throw new IllegalArgumentException("array maps have 4-byte keys, not " + keySize);
        }
        if (kind == MapKind.LPM_TRIE && (keySize < 5 || keySize > 4 + LpmKeys.MAX_DATA_BYTES)) {
            throw new IllegalArgumentException("LPM trie keys are a 4-byte prefix length and 1 to "
                    + LpmKeys.MAX_DATA_BYTES + " data bytes, not " + keySize + " bytes");
        }
        this.kind = kind;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.maxEntries = maxEntries;
        this.cpus = kind.perCpu() ? cpus : 1;
        this.entries = new LinkedHashMap<>();
        if (isArray(kind)) {
            for (int i = 0; i < maxEntries; i++) {
                entries.put(new Key(indexKey(i)), new byte[valueBufferSize()]);
            }
        }
    }

    /** Whether this store can model maps of that kind. */
    public static boolean isSupported(MapKind kind) {
        return switch (kind) {
            case HASH, LRU_HASH, ARRAY, PERCPU_HASH, LRU_PERCPU_HASH, PERCPU_ARRAY, LPM_TRIE -> true;
            default -> false;
        };
    }

    private static boolean isArray(MapKind kind) {
        return kind == MapKind.ARRAY || kind == MapKind.PERCPU_ARRAY;
    }

    private static boolean isLru(MapKind kind) {
        return kind == MapKind.LRU_HASH || kind == MapKind.LRU_PERCPU_HASH;
    }

    private static byte[] indexKey(int index) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(index).array();
    }

    /** The kind of map modelled. */
    public MapKind kind() {
        return kind;
    }

    @Override
    public int keySize() {
        return keySize;
    }

    @Override
    public int valueSize() {
        return valueSize;
    }

    @Override
    public int maxEntries() {
        return maxEntries;
    }

    @Override
    public int cpus() {
        return cpus;
    }

    /** A lookup as BPF code makes it: on LRU maps it marks the entry as recently used. */
    @Override
    public synchronized boolean lookup(byte[] key, byte[] value) {
        boolean found = peek(key, value);
        if (found && isLru(kind)) {
            Key k = new Key(key);
            entries.put(k, entries.remove(k));
        }
        return found;
    }

    /** A lookup as user space makes it: no LRU marking (the kernel's {@code *_lookup_elem_sys}). */
    public synchronized boolean peek(byte[] key, byte[] value) {
        checkOpen();
        checkLength("key", key, keySize);
        checkLength("value", value, valueBufferSize());
        byte[] stored = kind == MapKind.LPM_TRIE ? longestPrefixMatch(key) : entries.get(new Key(key));
        if (stored == null) {
            return false;
        }
        System.arraycopy(stored, 0, value, 0, stored.length);
        return true;
    }

    private byte[] longestPrefixMatch(byte[] key) {
        byte[] best = null;
        int bestLength = -1;
        for (Map.Entry<Key, byte[]> entry : entries.entrySet()) {
            int length = LpmKeys.prefixLength(entry.getKey().bytes);
            if (length > bestLength && LpmKeys.covers(entry.getKey().bytes, key)) {
                best = entry.getValue();
                bestLength = length;
            }
        }
        return best;
    }

    /** LPM keys are stored with the bits past their prefix cleared: the kernel ignores them too. */
    private byte[] storedKey(byte[] key) {
        return kind == MapKind.LPM_TRIE ? LpmKeys.normalize(key) : key.clone();
    }

    @Override
    public synchronized boolean update(byte[] key, byte[] value, long flags) {
        checkOpen();
        checkLength("key", key, keySize);
        checkLength("value", value, valueBufferSize());
        long mode = flags & ~BPF_F_LOCK;
        if (mode != 0 && mode != BPF_NOEXIST && mode != BPF_EXIST) {
            throw new IllegalArgumentException("invalid map update flags " + flags);
        }
        Key k = new Key(storedKey(key));
        byte[] stored = entries.get(k);
        if (isArray(kind)) {
            if (stored == null || mode == BPF_NOEXIST) {
                return false; // E2BIG for an index out of range, EEXIST: array entries always exist
            }
            System.arraycopy(value, 0, stored, 0, stored.length);
            return true;
        }
        if (stored != null && mode == BPF_NOEXIST || stored == null && mode == BPF_EXIST) {
            return false;
        }
        if (stored == null && entries.size() >= maxEntries) {
            if (!isLru(kind)) {
                return false;
            }
            Iterator<Key> eldest = entries.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        entries.remove(k); // a new or replaced entry is the most recently used
        entries.put(k, value.clone());
        return true;
    }

    @Override
    public synchronized boolean delete(byte[] key) {
        checkOpen();
        checkLength("key", key, keySize);
        if (isArray(kind)) {
            return false;
        }
        return entries.remove(new Key(storedKey(key))) != null;
    }

    @Override
    public synchronized boolean nextKey(byte[] keyOrNull, byte[] next) {
        checkOpen();
        checkLength("next key", next, keySize);
        if (keyOrNull != null) {
            checkLength("key", keyOrNull, keySize);
        }
        Key[] keys = entries.keySet().toArray(new Key[0]);
        int start = 0;
        if (keyOrNull != null) {
            Key current = new Key(keyOrNull);
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(current)) {
                    start = i + 1;
                    break;
                }
            }
        }
        if (start >= keys.length) {
            return false;
        }
        System.arraycopy(keys[start].bytes, 0, next, 0, keySize);
        return true;
    }

    /** Walks the entries in iteration order without refreshing LRU entries. */
    @Override
    public synchronized void forEachEntry(BiConsumer<byte[], byte[]> consumer) {
        checkOpen();
        for (Map.Entry<Key, byte[]> entry : new ArrayList<>(entries.entrySet())) {
            consumer.accept(entry.getKey().bytes.clone(), entry.getValue().clone());
        }
    }

    /** Number of entries present (for arrays: {@code maxEntries}). */
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        entries.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("map store is closed");
        }
    }

    private static void checkLength(String what, byte[] bytes, int expected) {
        if (bytes == null) {
            throw new IllegalArgumentException(what + " buffer is null");
        }
        if (bytes.length != expected) {
            throw new IllegalArgumentException(what + " buffer has " + bytes.length + " bytes, expected " + expected);
        }
    }

    private static final class Key {
        final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
