package org.bpf4j.runtime.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.BpfKeyedMap;
import org.bpf4j.lang.Codecs;
import org.bpf4j.lang.spi.MapStore;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.sys.BpfFs;
import org.bpf4j.runtime.sys.Errno;

/**
 * Pinning typed maps: {@link #pin} a skeleton's map at any path in bpffs, reopen it with its Java
 * types in another process ({@link #array}, {@link #hash}), {@link #unpin} it.
 */
public final class PinnedMaps {
    private PinnedMaps() {}

    /** Pins the kernel map behind {@code map} at {@code path} (on a bpf file system). */
    public static void pin(BpfArrayMap<?> map, Path path) {
        kernelMap(map.store(), path).pin(path.toString());
    }

    /** Pins the kernel map behind {@code map} at {@code path} (on a bpf file system). */
    public static void pin(BpfKeyedMap<?, ?> map, Path path) {
        kernelMap(map.store(), path).pin(path.toString());
    }

    /** The array map pinned at {@code path}, its values decoded as {@code valueType}; close it to release the map. */
    public static <V> BpfArrayMap<V> array(Path path, Class<V> valueType) {
        return new BpfArrayMap<>(Codecs.of(valueType), KernelMap.openPinned(path.toString()));
    }

    /** The hash map pinned at {@code path}, typed; close it to release the map. */
    public static <K, V> BpfHashMap<K, V> hash(Path path, Class<K> keyType, Class<V> valueType) {
        return new BpfHashMap<>(Codecs.of(keyType), Codecs.of(valueType), KernelMap.openPinned(path.toString()));
    }

    /**
     * Removes the pin at {@code path}: the map lives on while a program or descriptor holds it.
     *
     * @throws BpfNotFoundException when nothing is pinned there
     */
    public static void unpin(Path path) {
        if (!BpfFs.isOnBpfFs(path.toString())) {
            throw new IllegalArgumentException(path + " is not on a bpf file system: it cannot be a pin");
        }
        try {
            if (!Files.deleteIfExists(path)) {
                throw new BpfNotFoundException("unpin " + path + ": nothing is pinned there", Errno.ENOENT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpin " + path, e);
        }
    }

    private static KernelMap kernelMap(MapStore store, Path path) {
        if (store instanceof KernelMap kernel) return kernel;
        throw new IllegalArgumentException("cannot pin at " + path + ": the map is in JVM memory, not in the kernel");
    }
}
