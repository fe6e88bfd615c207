package org.bpf4j.runtime.attach;

import com.sun.jna.Memory;
import java.nio.channels.NetworkChannel;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.sys.LibC;
import org.bpf4j.runtime.sys.Sys;

/** Socket filters: SO_ATTACH_BPF on a socket, SO_DETACH_BPF on close (the socket holds the program). */
final class SocketFilterAttach {
    private SocketFilterAttach() {}

    static Link attach(LoadedProgram program, int socketFd, String socketName, java.util.function.BooleanSupplier socketOpen) {
        KernelTypes.require(program, "a socket filter", KernelTypes.SOCKET_FILTER);
        String what = "socket filter '" + program.name() + "' on " + socketName;
        Memory fd = new Memory(4);
        program.fd().apply(p -> {
            fd.setInt(0, p);
            return Sys.check(LibC.setsockopt(socketFd, AttachLibC.SOL_SOCKET, AttachLibC.SO_ATTACH_BPF, fd, 4),
                    "SO_ATTACH_BPF", what);
        });
        return Link.legacy(what, () -> {
            // a closed socket dropped its filter; its number may belong to another socket by now
            if (!socketOpen.getAsBoolean()) return;
            Memory unused = new Memory(4);
            unused.setInt(0, 0);
            Sys.check(LibC.setsockopt(socketFd, AttachLibC.SOL_SOCKET, AttachLibC.SO_DETACH_BPF, unused, 4),
                    "SO_DETACH_BPF", what);
        });
    }

    static Link attach(LoadedProgram program, NetworkChannel channel) {
        int fd = SocketFds.of(channel);
        return attach(program, fd, "socket fd " + fd + " of " + channel, channel::isOpen);
    }

    static Link attach(LoadedProgram program, int socketFd) {
        return attach(program, socketFd, "socket fd " + socketFd, () -> true);
    }
}
