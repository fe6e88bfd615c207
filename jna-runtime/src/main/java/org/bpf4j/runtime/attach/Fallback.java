package org.bpf4j.runtime.attach;

import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.sys.Errno;

/** When a failed BPF_LINK_CREATE means "this kernel has no such link" and an older route should be tried. */
final class Fallback {
    private Fallback() {}

    /**
     * Kernels that predate a link kind reject its attach type with EINVAL, or report it
     * unsupported; anything else (EPERM, EBUSY, ENODEV ...) is a real answer and is not retried.
     */
    static boolean linkKindMissing(BpfException e) {
        int errno = e.errno();
        return errno == Errno.EINVAL || errno == Errno.EOPNOTSUPP || errno == Errno.ENOTSUPP;
    }
}
