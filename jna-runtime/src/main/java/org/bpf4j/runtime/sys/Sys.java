package org.bpf4j.runtime.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.ref.Reference;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.BpfPermissionException;
import org.bpf4j.runtime.BpfUnsupportedException;

/** Issues bpf(2) and perf_event_open(2), turning failures into exceptions that say what to do. */
public final class Sys {
    private Sys() {}

    /**
     * Runs one bpf(2) command. Returns the kernel's non-negative result (a new fd for commands
     * that create one). On failure throws the {@link BpfException} subtype for the errno;
     * {@code subject} names what the command was about ("map 'counts'") for the message.
     */
    public static int bpf(BpfCommand cmd, BpfAttr attr, String subject) {
        int r = bpfRaw(cmd, attr);
        if (r < 0) throw error(cmd.name(), -r, subject);
        return r;
    }

    /** Runs one bpf(2) command; returns its result, or {@code -errno} on failure. Never throws. */
    public static int bpfRaw(BpfCommand cmd, BpfAttr attr) {
        int r = bpfRaw(cmd, Pointer.nativeValue(attr.pointer()), BpfAttr.SIZE);
        Reference.reachabilityFence(attr);
        return r;
    }

    /**
     * Runs one bpf(2) command on the {@code attrSize}-byte attr at native address
     * {@code attr}, which the caller keeps alive; returns the result or {@code -errno}.
     */
    public static int bpfRaw(BpfCommand cmd, long attr, int attrSize) {
        long r;
        int errno;
        do {
            r = LibC.syscall(Arch.CURRENT.sysBpf, cmd.number, attr, attrSize);
            errno = r < 0 ? Native.getLastError() : 0;
        } while (errno == Errno.EINTR && cmd != BpfCommand.PROG_TEST_RUN);
        return r < 0 ? -errno : (int) r;
    }

    /** perf_event_open(2); {@code attr} is a {@code struct perf_event_attr}. Returns the new fd. */
    public static int perfEventOpen(Pointer attr, int pid, int cpu, int groupFd, long flags, String subject) {
        long r = LibC.syscall(Arch.CURRENT.sysPerfEventOpen, attr, pid, cpu, groupFd, flags);
        if (r < 0) throw error("perf_event_open", Native.getLastError(), subject);
        Reference.reachabilityFence(attr);
        return (int) r;
    }

    /** Checks a libc return value: negative means failure with errno set. */
    public static long check(long result, String operation, String subject) {
        if (result < 0) throw error(operation, Native.getLastError(), subject);
        return result;
    }

    /** The exception for {@code errno} from {@code operation} on {@code subject}, with advice. */
    public static BpfException error(String operation, int errno, String subject) {
        String what = operation + (subject == null ? "" : " on " + subject) + " failed: " + Errno.describe(errno);
        switch (errno) {
            case Errno.EPERM:
            case Errno.EACCES:
                return new BpfPermissionException(what + ". Run as root, or grant CAP_BPF plus CAP_NET_ADMIN"
                        + " (network programs) or CAP_PERFMON (tracing programs); some program types"
                        + " (fentry/fexit/LSM) may also be refused by kernel lockdown or configuration.", errno);
            case Errno.ENOENT:
                return new BpfNotFoundException(what + ": " + (subject == null ? "the object" : subject)
                        + " does not exist (no such element, id, pinned path or kernel symbol).", errno);
            case Errno.E2BIG:
                return new BpfException(what + ": too big for the kernel (a map is full, or a size, count"
                        + " or attribute exceeds what " + operation + " accepts here).", errno);
            case Errno.EINVAL:
                return new BpfException(what + ": the kernel rejected the arguments of " + operation
                        + " (type, size, flags or attach type not valid for this object or kernel).", errno);
            case Errno.EOPNOTSUPP:
            case Errno.ENOTSUPP:
            case Errno.ENOSYS:
                return new BpfUnsupportedException(what + ": this kernel does not support it.", errno);
            case Errno.EBADF:
                return new BpfException(what + ": a file descriptor passed is not valid (closed object?).", errno);
            case Errno.EEXIST:
                return new BpfException(what + ": it already exists.", errno);
            case Errno.ENOMEM:
                return new BpfException(what + ": out of kernel memory (or RLIMIT_MEMLOCK too low on kernels"
                        + " before 5.11).", errno);
            case Errno.EBUSY:
                return new BpfException(what + ": the target is busy (something else is attached?).", errno);
            default:
                return new BpfException(what + ".", errno);
        }
    }
}
