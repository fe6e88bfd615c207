package org.bpf4j.lang.spi;

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

    /** Releases the map (closes its file descriptor); the store is unusable afterwards. */
    @Override
    void close();

    /** {@code roundUp8(valueSize()) × cpus()} for per-CPU maps, {@code valueSize()} otherwise. */
    default int valueBufferSize() {
        return cpus() == 1 ? valueSize() : ((valueSize() + 7) & ~7) * cpus();
    }
}
