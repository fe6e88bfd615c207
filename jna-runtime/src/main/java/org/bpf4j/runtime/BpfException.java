package org.bpf4j.runtime;

/**
 * A kernel BPF operation failed, or an object could not be used. The message says what was
 * attempted, on what, why it failed and what to do. {@link #errno()} is the kernel's error
 * number, or 0 when the failure was found in user space.
 */
public class BpfException extends RuntimeException {
    private final int errno;

    public BpfException(String message) {
        this(message, 0, null);
    }

    public BpfException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    public BpfException(String message, int errno) {
        this(message, errno, null);
    }

    public BpfException(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** The kernel's errno, 0 when the failure did not come from a system call. */
    public int errno() {
        return errno;
    }
}
