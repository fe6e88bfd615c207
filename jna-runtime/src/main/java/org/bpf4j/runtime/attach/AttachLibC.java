package org.bpf4j.runtime.attach;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** The few libc calls attaching needs beyond {@link org.bpf4j.runtime.sys.LibC}; raw, like that class. */
final class AttachLibC {
    static {
        Native.register(AttachLibC.class, Platform.C_LIBRARY_NAME);
    }

    static final int O_RDONLY = 0, O_DIRECTORY = 0200000, O_CLOEXEC = 02000000;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int SOL_SOCKET = 1, SO_TYPE = 3, SO_DETACH_BPF = 27, SO_ATTACH_BPF = 50;

    private AttachLibC() {}

    static native int mount(String source, String target, String fsType, long flags, Pointer data);

    static native int fcntl(int fd, int cmd, int arg);

    static native int getsockname(int fd, Pointer addr, Pointer addrLen);

    static native int getpeername(int fd, Pointer addr, Pointer addrLen);
}
