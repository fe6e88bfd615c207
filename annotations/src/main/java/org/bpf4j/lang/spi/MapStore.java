package org.bpf4j.lang.spi;

import java.util.function.BiConsumer;

/**
 * Byte-level access to one map, the operations of {@code bpf(2)} on a map file descriptor.
 * Keys are {@link #keySize()} bytes; values are {@link #valueSize()} bytes, or for per-CPU maps
 * ({@link #cpus()} &gt; 1) {@code cpus() × roundUp8(valueSize())} bytes, one 8-byte aligned slot
 * per possible CPU, as the kernel exchanges them.
 */
public interface MapStore extends AutoCloseable {
    /** Key size in bytes (4 for arrays). */
    int keySize();

    /** Value size in bytes of one CPU's value. */
    int valueSize();

    /** The map's {@code max_entries}. */
    int maxEntries();

    /** 1, or the number of possible CPUs for per-CPU maps. */
    int cpus();

    /** Copies the value for {@code key} into {@code value}; false when there is no such entry. */
    boolean lookup(byte[] key, byte[] value);

    /**
     * Creates or replaces the entry ({@code flags}: {@code BPF_ANY = 0}, {@code BPF_NOEXIST = 1},
     * {@code BPF_EXIST = 2}, optionally {@code BPF_F_LOCK = 4}). Returns false when the kernel
     * refused for a reason the caller asked for or can expect: the entry exists
     * ({@code EEXIST}), does not exist ({@code ENOENT}), or the map is full ({@code E2BIG});
     * throws for anything else.
     */
    boolean update(byte[] key, byte[] value, long flags);

    /** Deletes the entry; false when there was none (or the map type cannot delete, arrays). */
    boolean delete(byte[] key);

    /**
     * Writes the key following {@code keyOrNull} into {@code next} ({@code null}: the first
     * key); false when there is none. A key that is no longer present restarts at the first.
     */
    boolean nextKey(byte[] keyOrNull, byte[] next);

    /**
     * Passes every entry to {@code consumer} as new key and value arrays, reading as user space
     * does (no LRU refresh). At most {@link #maxEntries()} entries are visited: concurrent
     * deletions may restart the walk, as the kernel's iteration does. The default walks
     * {@link #nextKey} and {@link #lookup}; the runtime may use {@code BPF_MAP_LOOKUP_BATCH}.
     */
    default void forEachEntry(BiConsumer<byte[], byte[]> consumer) {
        byte[] current = null;
        byte[] next = new byte[keySize()];
        for (int visited = 0; visited < maxEntries() && nextKey(current, next); visited++) {
            byte[] value = new byte[valueBufferSize()];
            if (lookup(next, value)) {
                consumer.accept(next.clone(), value);
            }
            current = next.clone();
        }
    }

    /**
     * Creates or replaces {@code count} entries: {@code keys} holds {@code count × keySize()}
     * bytes and {@code values} {@code count × valueBufferSize()}. Returns how many were stored
     * before the first refusal (see {@link #update}). The default updates one by one; the
     * runtime may use {@code BPF_MAP_UPDATE_BATCH}.
     */
    default int updateBatch(byte[] keys, byte[] values, int count, long flags) {
        int keySize = keySize();
        int valueSize = valueBufferSize();
        if (count < 0 || keys.length != count * keySize || values.length != count * valueSize) {
            throw new IllegalArgumentException(count + " entries need " + count * keySize + " key bytes and "
                    + count * valueSize + " value bytes, got " + keys.length + " and " + values.length);
        }
        for (int i = 0; i < count; i++) {
            byte[] key = java.util.Arrays.copyOfRange(keys, i * keySize, (i + 1) * keySize);
            byte[] value = java.util.Arrays.copyOfRange(values, i * valueSize, (i + 1) * valueSize);
            if (!update(key, value, flags)) {
                return i;
            }
        }
        return count;
    }

    /** Releases the map (closes its file descriptor); the store is unusable afterwards. */
    @Override
    void close();

    /** {@code roundUp8(valueSize()) × cpus()} for per-CPU maps, {@code valueSize()} otherwise. */
    default int valueBufferSize() {
        return cpus() == 1 ? valueSize() : ((valueSize() + 7) & ~7) * cpus();
    }
}
