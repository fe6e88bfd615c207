package org.bpf4j.runtime.probe;

import java.util.Map;
import java.util.Optional;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfUnsupportedException;
import org.bpf4j.runtime.sys.Errno;

/**
 * Map kinds that bpf4j has no fallback for on kernels that predate them, with the release that
 * added each and what to use instead: a refused MAP_CREATE of one becomes a clear error when the
 * probe confirms the kernel lacks the kind, instead of the kernel's bare EINVAL.
 */
public final class MissingMapKinds {
    private record Since(String release, String instead) {}

    private static final Map<MapKind, Since> SINCE = Map.of(
            MapKind.RINGBUF, new Since("5.8", "a PERF_EVENT_ARRAY (BpfPerfEventArray) works on older kernels"),
            MapKind.USER_RINGBUF, new Since("6.1", "none"),
            MapKind.BLOOM_FILTER, new Since("5.16", "a HASH map of the same keys"),
            MapKind.INODE_STORAGE, new Since("5.10", "a HASH map keyed by inode number"),
            MapKind.TASK_STORAGE, new Since("5.11", "a HASH map keyed by pid"));

    private MissingMapKinds() {}

    /** The error for a MAP_CREATE of {@code kernelType} refused with {@code errno}, if the kernel lacks that kind. */
    public static Optional<BpfException> explain(int kernelType, int errno, String subject) {
        if (errno != Errno.EINVAL) return Optional.empty();
        return SINCE.keySet().stream()
                .filter(kind -> kind.kernelType() == kernelType && !FeatureProbes.mapType(kind))
                .findFirst()
                .map(kind -> new BpfUnsupportedException(message(kind, subject), errno));
    }

    static String message(MapKind kind, String subject) {
        Since since = SINCE.get(kind);
        return subject + ": this kernel has no " + kind + " maps (added in Linux " + since.release()
                + ") and bpf4j has no fallback for them; instead: " + since.instead();
    }
}
