package org.bpf4j.runtime.attach;

import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.LibC;
import org.bpf4j.runtime.sys.Sys;

/** Descriptors a legacy attachment keeps for its own detach, independent of the caller's objects. */
final class OwnedFds {
    private OwnedFds() {}

    /**
     * A duplicate of the program's fd, so a legacy detach can name the program (and the kernel
     * keeps it) even when the caller closes its {@link LoadedProgram} first.
     */
    static Fd dupProgram(LoadedProgram program) {
        return dup(program.fd(), "program '" + program.name() + "'");
    }

    /** A duplicate of {@code fd} that the attachment owns. */
    static Fd dup(Fd fd, String what) {
        String copy = what + " (attachment's copy)";
        return new Fd(fd.apply(n -> (int) Sys.check(AttachLibC.fcntl(n, AttachLibC.F_DUPFD_CLOEXEC, 0), "dup", copy)), copy);
    }

    /** Opens a directory (a cgroup) read-only, for use as an attach target. */
    static Fd openDirectory(String path, String what) {
        int fd = (int) Sys.check(LibC.open(path,
                AttachLibC.O_RDONLY | AttachLibC.O_DIRECTORY | AttachLibC.O_CLOEXEC, 0), "open", what);
        return new Fd(fd, what);
    }
}
