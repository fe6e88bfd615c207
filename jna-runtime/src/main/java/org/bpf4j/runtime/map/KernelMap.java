package org.bpf4j.runtime.map;

import com.sun.jna.Memory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.MapStore;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.sys.BpfCommand;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Cpus;
import org.bpf4j.runtime.sys.ElementBlock;
import org.bpf4j.runtime.sys.Errno;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.Sys;

/**
 * A kernel map seen from Java, owning its file descriptor. Keys and values are raw bytes in
 * the kernel's layout (little-endian on x86-64 and arm64). Values of per-CPU maps hold one
 * copy per possible CPU, each rounded up to 8 bytes: see {@link #valueBufferSize()}.
 * Safe to use from several threads at once: each system call holds the descriptor, so
 * {@link #close()} from another thread lets running calls finish on this map (never on a map
 * created meanwhile under the same number); later calls throw {@link IllegalStateException}. As a {@link MapStore} it backs the map classes of
 * {@code org.bpf4j.lang} with this kernel map.
 */
public final class KernelMap implements MapStore {
    private final Fd fd;
    private final MapInfo info;
    private final String subject;
    private final int valueBufferSize;

    /** Wraps an open map fd (ownership passes to the map) whose properties are {@code info}. */
    public KernelMap(Fd fd, MapInfo info) {
        this.fd = fd;
        this.info = info;
        this.subject = "map '" + info.name() + "'";
        this.valueBufferSize = isPerCpuType(info.type())
                ? roundUp8(info.valueSize()) * Cpus.possibleCount() : info.valueSize();
    }

    /**
     * Creates a new map without BTF. {@code name} must be one the kernel keeps as it is: at most
     * 15 letters, digits, '_' or '.'.
     */
    public static KernelMap create(String name, MapKind kind, int keySize, int valueSize, int maxEntries, int flags) {
        String subject = "map '" + name + "'";
        Fd fd = BpfSyscall.mapCreate(kind.kernelType(), keySize, valueSize, maxEntries).flags(flags).name(name).create(subject);
        return new KernelMap(fd, new MapInfo(name, kind.kernelType(), keySize, valueSize, maxEntries, flags, 0, 0));
    }

    /**
     * Creates a map of maps ({@link MapKind#ARRAY_OF_MAPS}, {@link MapKind#HASH_OF_MAPS}) whose
     * inner maps look like {@code innerTemplate}; its values are 4-byte map fds when written
     * and map ids when read.
     */
    public static KernelMap create(String name, MapKind kind, int keySize, int maxEntries, int flags,
                                   KernelMap innerTemplate) {
        if (kind != MapKind.ARRAY_OF_MAPS && kind != MapKind.HASH_OF_MAPS) {
            throw new IllegalArgumentException("map '" + name + "': an inner-map template is for maps of maps, not " + kind);
        }
        String subject = "map '" + name + "'";
        Fd fd = innerTemplate.fd.apply(inner -> BpfSyscall.mapCreate(kind.kernelType(), keySize, 4, maxEntries)
                .flags(flags).name(name).innerMapFd(inner).create(subject));
        return new KernelMap(fd, new MapInfo(name, kind.kernelType(), keySize, 4, maxEntries, flags, 0, 0));
    }

    /** Opens a map pinned in bpffs at {@code path}. */
    public static KernelMap openPinned(String path) {
        return adopt(BpfSyscall.objGet(path, 0));
    }

    /** Opens the map with kernel id {@code id}. */
    public static KernelMap fromId(int id) {
        return adopt(BpfSyscall.getFdById(BpfCommand.MAP_GET_FD_BY_ID, id));
    }

    /** Takes ownership of a map fd and asks the kernel what it is. */
    public static KernelMap adopt(Fd fd) {
        try {
            return new KernelMap(fd, MapInfo.query(fd.get(), fd.description()));
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    static boolean isPerCpuType(int type) {
        return type == MapKind.PERCPU_HASH.kernelType() || type == MapKind.PERCPU_ARRAY.kernelType()
                || type == MapKind.LRU_PERCPU_HASH.kernelType() || type == MapKind.PERCPU_CGROUP_STORAGE.kernelType();
    }

    private static int roundUp8(int n) {
        return (n + 7) & ~7;
    }

    // ---- properties ----

    public String name() { return info.name(); }
    /** The {@code BPF_MAP_TYPE_*} number. */
    public int type() { return info.type(); }
    /** The map kind; throws for a type newer than {@link MapKind} knows. */
    public MapKind kind() { return MapKind.ofKernelType(info.type()); }
    @Override public int keySize() { return info.keySize(); }
    @Override public int valueSize() { return info.valueSize(); }
    @Override public int maxEntries() { return info.maxEntries(); }
    public int flags() { return info.flags(); }
    public MapInfo info() { return info; }
    public boolean isPerCpu() { return isPerCpuType(info.type()); }
    /** Maps indexed by a 32-bit position below maxEntries; an update past the end fails with E2BIG. */
    private static final java.util.Set<Integer> INDEXED = java.util.Set.of(MapKind.ARRAY.kernelType(),
            MapKind.PERCPU_ARRAY.kernelType(), MapKind.PROG_ARRAY.kernelType(), MapKind.PERF_EVENT_ARRAY.kernelType(),
            MapKind.CGROUP_ARRAY.kernelType(), MapKind.ARRAY_OF_MAPS.kernelType(), MapKind.DEVMAP.kernelType(),
            MapKind.CPUMAP.kernelType(), MapKind.XSKMAP.kernelType(), MapKind.SOCKMAP.kernelType());
    private boolean isIndexed() {
        return INDEXED.contains(info.type());
    }
    private boolean isArray() {
        return info.type() == MapKind.ARRAY.kernelType() || info.type() == MapKind.PERCPU_ARRAY.kernelType();
    }
    /** The descriptor; valid until {@link #close()}. */
    public Fd fd() { return fd; }

    /** 1, or the number of possible CPUs for per-CPU maps ({@link MapStore}). */
    @Override
    public int cpus() {
        return isPerCpu() ? Cpus.possibleCount() : 1;
    }

    /** Bytes of a value as user space exchanges it: {@code valueSize}, or round_up(valueSize, 8) × possible CPUs. */
    @Override
    public int valueBufferSize() {
        return valueBufferSize;
    }

    /** Size of one CPU's slot in a per-CPU value buffer. */
    public int perCpuStride() {
        return roundUp8(info.valueSize());
    }

    // ---- elements ----

    /** The value for {@code key}, or null when there is none. */
    public byte[] lookup(byte[] key) {
        byte[] out = new byte[valueBufferSize];
        return lookup(key, out) ? out : null;
    }

    /** Reads the value for {@code key} into {@code value}; false when there is none. */
    @Override
    public boolean lookup(byte[] key, byte[] value) {
        checkValue(value);
        ElementBlock b = withKey(key, valueBufferSize);
        int r = run(b, BpfCommand.MAP_LOOKUP_ELEM, keyAddress(b), b.valueAddress(), 0);
        if (r == -Errno.ENOENT) return false;
        if (r < 0) throw Sys.error("MAP_LOOKUP_ELEM", -r, subject);
        b.getValue(value, valueBufferSize);
        return true;
    }

    public void update(byte[] key, byte[] value) {
        update(key, value, UpdateMode.ANY);
    }

    /** Stores {@code value} under {@code key}; a full map or a failed condition throws. */
    public void update(byte[] key, byte[] value, UpdateMode mode) {
        int errno = tryUpdate(key, value, mode.flag);
        if (errno != 0) throw updateError(errno, mode.flag, key);
    }

    /**
     * Update with raw {@code BPF_*} flags (for {@code BPF_F_LOCK} and the like), as
     * {@link MapStore} defines it: false when the key exists (NOEXIST), is missing (EXIST), the
     * map is full or an array index is out of range; other failures throw.
     */
    @Override
    public boolean update(byte[] key, byte[] value, long flags) {
        int errno = tryUpdate(key, value, flags);
        if (errno == 0) return true;
        if (errno == Errno.EEXIST || errno == Errno.ENOENT || errno == Errno.E2BIG) return false;
        throw updateError(errno, flags, key);
    }

    private int tryUpdate(byte[] key, byte[] value, long flags) {
        checkValue(value);
        ElementBlock b = withKey(key, valueBufferSize);
        b.putValue(value, valueBufferSize);
        int r = run(b, BpfCommand.MAP_UPDATE_ELEM, keyAddress(b), b.valueAddress(), flags);
        return r < 0 ? -r : 0;
    }

    private BpfException updateError(int errno, long flags, byte[] key) {
        if (errno == Errno.E2BIG && isIndexed() && key != null && key.length == 4) {
            long index = Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(key).order(java.nio.ByteOrder.nativeOrder()).getInt());
            return new BpfException(subject + ": index " + index + " is out of range (the array has "
                    + info.maxEntries() + " elements, 0.." + (info.maxEntries() - 1L) + ")", errno);
        }
        if (errno == Errno.E2BIG) {
            return new BpfException(subject + " is full (maxEntries " + info.maxEntries()
                    + "); delete entries or resize the map before load", errno);
        }
        if (errno == Errno.EEXIST && flags == BpfSyscall.BPF_NOEXIST) {
            return new BpfException(subject + ": key already exists (update with NOEXIST)", errno);
        }
        if (errno == Errno.ENOENT && flags == BpfSyscall.BPF_EXIST) {
            return new BpfException(subject + ": key does not exist (update with EXIST)", errno);
        }
        return Sys.error("MAP_UPDATE_ELEM", errno, subject);
    }

    /** Removes {@code key}; false when it was not there, or for arrays, whose elements always exist. */
    @Override
    public boolean delete(byte[] key) {
        ElementBlock b = withKey(key, 0);
        int r = run(b, BpfCommand.MAP_DELETE_ELEM, keyAddress(b), 0, 0);
        if (r == -Errno.ENOENT) return false;
        if (r == -Errno.EINVAL && isArray()) return false;
        if (r < 0) throw Sys.error("MAP_DELETE_ELEM", -r, subject);
        return true;
    }

    /** Atomically reads and removes the value for {@code key} (null key: pops a queue or stack). */
    public byte[] lookupAndDelete(byte[] key) {
        ElementBlock b = key == null ? ElementBlock.current(0, valueBufferSize) : withKey(key, valueBufferSize);
        int r = run(b, BpfCommand.MAP_LOOKUP_AND_DELETE_ELEM, key == null ? 0 : keyAddress(b),
                b.valueAddress(), 0);
        if (r == -Errno.ENOENT) return null;
        if (r < 0) throw Sys.error("MAP_LOOKUP_AND_DELETE_ELEM", -r, subject);
        return b.value(valueBufferSize);
    }

    /** Pushes onto a queue or stack map, or adds to a bloom filter. */
    public void push(byte[] value) {
        checkValue(value);
        ElementBlock b = ElementBlock.current(0, valueBufferSize);
        b.putValue(value, valueBufferSize);
        int r = run(b, BpfCommand.MAP_UPDATE_ELEM, 0, b.valueAddress(), BpfSyscall.BPF_ANY);
        if (r < 0) throw updateError(-r, BpfSyscall.BPF_ANY, null);
    }

    /** Queue/stack: the next value without removing it, or null when empty. */
    public byte[] peek() {
        ElementBlock b = ElementBlock.current(0, valueBufferSize);
        int r = run(b, BpfCommand.MAP_LOOKUP_ELEM, 0, b.valueAddress(), 0);
        if (r == -Errno.ENOENT) return null;
        if (r < 0) throw Sys.error("MAP_LOOKUP_ELEM", -r, subject);
        return b.value(valueBufferSize);
    }

    /** Bloom filter: whether {@code value} may be in the set (false means certainly not). */
    public boolean mayContain(byte[] value) {
        checkValue(value);
        ElementBlock b = ElementBlock.current(0, valueBufferSize);
        b.putValue(value, valueBufferSize);
        int r = run(b, BpfCommand.MAP_LOOKUP_ELEM, 0, b.valueAddress(), 0);
        if (r == -Errno.ENOENT) return false;
        if (r < 0) throw Sys.error("MAP_LOOKUP_ELEM", -r, subject);
        return true;
    }

    /** The key after {@code key} in the kernel's order (null = the first key); null at the end. */
    public byte[] nextKey(byte[] key) {
        // The next key lands in the value area (the attr's next_key sits where value does).
        int ks = info.keySize();
        ElementBlock b = key == null ? ElementBlock.current(0, ks) : withKey(key, ks);
        int r = run(b, BpfCommand.MAP_GET_NEXT_KEY, key == null ? 0 : keyAddress(b), b.valueAddress(), 0);
        if (r == -Errno.ENOENT) return null;
        if (r < 0) throw Sys.error("MAP_GET_NEXT_KEY", -r, subject);
        return b.value(ks);
    }

    /** Writes the key after {@code keyOrNull} into {@code next}; false at the end ({@link MapStore}). */
    @Override
    public boolean nextKey(byte[] keyOrNull, byte[] next) {
        if (next == null || next.length != info.keySize()) {
            throw new IllegalArgumentException(subject + ": next-key buffer must have " + info.keySize() + " bytes");
        }
        byte[] k = nextKey(keyOrNull);
        if (k == null) return false;
        System.arraycopy(k, 0, next, 0, k.length);
        return true;
    }

    /** The keys, walked with MAP_GET_NEXT_KEY (concurrent deletes may restart the walk, as in the kernel). */
    public Iterable<byte[]> keys() {
        return () -> new Iterator<>() {
            private byte[] next = nextKey(null);

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public byte[] next() {
                if (next == null) throw new NoSuchElementException(subject + ": no more keys");
                byte[] k = next;
                next = nextKey(k);
                return k;
            }
        };
    }

    /** Every key and value (hash maps: present entries; arrays: every index). */
    public List<MapEntry> entries() {
        List<MapEntry> out = new ArrayList<>();
        for (byte[] k : keys()) {
            byte[] v = lookup(k);
            if (v != null) out.add(new MapEntry(k, v));
        }
        return out;
    }

    // ---- batches ----

    /** Reads every entry with MAP_LOOKUP_BATCH, {@code chunk} entries per system call. */
    public List<MapEntry> lookupBatch(int chunk) {
        return readBatches(BpfCommand.MAP_LOOKUP_BATCH, chunk);
    }

    /** Reads and removes every entry with MAP_LOOKUP_AND_DELETE_BATCH. */
    public List<MapEntry> lookupAndDeleteBatch(int chunk) {
        return readBatches(BpfCommand.MAP_LOOKUP_AND_DELETE_BATCH, chunk);
    }

    private List<MapEntry> readBatches(BpfCommand cmd, int chunk) {
        if (chunk <= 0) throw new IllegalArgumentException("batch chunk must be positive, got " + chunk);
        int ks = info.keySize();
        // Hash maps use a bucket position as token; 8 bytes covers it and array indexes.
        int tokenSize = Math.max(8, ks);
        Memory in = new Memory(tokenSize), out = new Memory(tokenSize);
        Memory keys = new Memory((long) chunk * ks), values = new Memory((long) chunk * valueBufferSize);
        List<MapEntry> result = new ArrayList<>();
        boolean first = true;
        while (true) {
            Memory from = first ? null : in;
            BpfSyscall.BatchResult r = fd.apply(n -> BpfSyscall.mapBatch(cmd, n, from, out, keys, values, chunk, 0));
            if (r.errno() != 0 && r.errno() != Errno.ENOENT) throw Sys.error(cmd.name(), r.errno(), subject);
            for (int i = 0; i < r.count(); i++) {
                result.add(new MapEntry(keys.getByteArray((long) i * ks, ks),
                        values.getByteArray((long) i * valueBufferSize, valueBufferSize)));
            }
            if (r.errno() == Errno.ENOENT) return result;
            in.write(0, out.getByteArray(0, tokenSize), 0, tokenSize);
            first = false;
        }
    }

    /** Writes all pairs with MAP_UPDATE_BATCH; returns how many the kernel stored. */
    public int updateBatch(List<byte[]> keys, List<byte[]> values, UpdateMode mode) {
        if (keys.size() != values.size()) {
            throw new IllegalArgumentException(subject + ": " + keys.size() + " keys but " + values.size() + " values");
        }
        if (keys.isEmpty()) return 0;
        Memory k = pack(keys, info.keySize(), "key");
        Memory v = pack(values, valueBufferSize, "value");
        BpfSyscall.BatchResult r = fd.apply(n ->
                BpfSyscall.mapBatch(BpfCommand.MAP_UPDATE_BATCH, n, null, null, k, v, keys.size(), mode.flag));
        if (r.errno() != 0) {
            if (r.errno() == Errno.E2BIG) throw updateError(r.errno(), mode.flag, null);
            throw Sys.error("MAP_UPDATE_BATCH", r.errno(), subject + " (after " + r.count() + " elements)");
        }
        return r.count();
    }

    /** Deletes all {@code keys} with MAP_DELETE_BATCH; returns how many were deleted before a missing key. */
    public int deleteBatch(List<byte[]> keys) {
        if (keys.isEmpty()) return 0;
        Memory k = pack(keys, info.keySize(), "key");
        BpfSyscall.BatchResult r = fd.apply(n ->
                BpfSyscall.mapBatch(BpfCommand.MAP_DELETE_BATCH, n, null, null, k, null, keys.size(), 0));
        if (r.errno() != 0 && r.errno() != Errno.ENOENT) throw Sys.error("MAP_DELETE_BATCH", r.errno(), subject);
        return r.count();
    }

    private Memory pack(List<byte[]> items, int size, String what) {
        Memory m = new Memory((long) items.size() * size);
        for (int i = 0; i < items.size(); i++) {
            byte[] b = items.get(i);
            if (b.length != size) {
                throw new IllegalArgumentException(subject + ": " + what + " " + i + " has " + b.length
                        + " bytes, expected " + size);
            }
            m.write((long) i * size, b, 0, size);
        }
        return m;
    }

    // ---- whole map ----

    /** Makes the map read-only for user space (MAP_FREEZE); programs may still write unless the map is read-only for them. */
    public void freeze() {
        fd.apply(n -> {
            BpfSyscall.mapFreeze(n, subject);
            return null;
        });
    }

    /** Pins the map in bpffs at {@code path}. */
    public void pin(String path) {
        fd.apply(n -> {
            BpfSyscall.objPin(n, path, subject);
            return null;
        });
    }

    @Override
    public void close() {
        fd.close();
    }

    /** Runs element command {@code cmd} in {@code b} with the map's descriptor held for the call. */
    private int run(ElementBlock b, BpfCommand cmd, long keyAddress, long valueAddress, long flags) {
        int n = fd.acquire();
        try {
            return b.run(cmd, n, keyAddress, valueAddress, flags);
        } finally {
            fd.release();
        }
    }

    /**
     * The thread's element block holding {@code key}, with room for a value of
     * {@code valueSize} bytes; rejects a key of the wrong size.
     */
    private ElementBlock withKey(byte[] key, int valueSize) {
        if (key == null || key.length != info.keySize()) {
            throw new IllegalArgumentException(subject + ": key has " + (key == null ? "no" : key.length)
                    + " bytes, expected " + info.keySize());
        }
        ElementBlock b = ElementBlock.current(key.length, valueSize);
        b.putKey(key);
        return b;
    }

    /** The key area's address, or NULL for maps without keys (queue, stack, bloom filter). */
    private long keyAddress(ElementBlock b) {
        return info.keySize() == 0 ? 0 : b.keyAddress();
    }

    private void checkValue(byte[] value) {
        if (value == null || value.length != valueBufferSize) {
            throw new IllegalArgumentException(subject + ": value has " + (value == null ? "no" : value.length)
                    + " bytes, expected " + valueBufferSize
                    + (isPerCpu() ? " (round_up(" + info.valueSize() + ", 8) x " + Cpus.possibleCount() + " CPUs)" : ""));
        }
    }

    @Override
    public String toString() {
        return subject + " type=" + info.type() + " key=" + info.keySize() + " value=" + info.valueSize()
                + " max=" + info.maxEntries() + " " + fd;
    }
}
