package org.bpf4j.runtime.attach;

import java.util.function.Supplier;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.sys.Errno;

/** The BPF link first, the older interface only when the kernel has no such link. */
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
