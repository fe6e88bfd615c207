package org.bpf4j.runtime.attach;

import java.util.function.Supplier;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.sys.Errno;

/**
 * The BPF link first, the older interface only when the kernel has no such link. For XDP only:
 * its link kind cannot be probed without attaching, since the kernel answers a missing interface
 * with the same EINVAL as a missing link kind; the other kinds are chosen by
 * {@link org.bpf4j.runtime.probe.FeatureProbes#link}.
 */
final class Fallback {
    private Fallback() {}

    /**
     * {@code viaLink}, or {@code older} when it fails because the link kind is missing. If the
     * older route fails too, its exception carries the link's as suppressed, so both reasons show.
     */
    static Link linkOr(Supplier<Link> viaLink, Supplier<Link> older) {
        try {
            return viaLink.get();
        } catch (BpfException e) {
            if (!linkKindMissing(e)) throw e;
            try {
                return older.get();
            } catch (RuntimeException f) {
                f.addSuppressed(e);
                throw f;
            }
        }
    }

    /**
     * Kernels that predate a link kind reject its attach type with EINVAL, or report it
     * unsupported; anything else (EPERM, EBUSY, ENODEV ...) is a real answer and is not retried.
     */
    static boolean linkKindMissing(BpfException e) {
        int errno = e.errno();
        return errno == Errno.EINVAL || errno == Errno.EOPNOTSUPP || errno == Errno.ENOTSUPP;
    }
}
