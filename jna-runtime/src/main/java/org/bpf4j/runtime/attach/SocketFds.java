package org.bpf4j.runtime.attach;

import com.sun.jna.Memory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bpf4j.runtime.sys.LibC;

/**
 * Finds the file descriptor behind a Java socket channel with public API only: among this
 * process's socket descriptors, the one whose type and addresses (getsockname, getpeername)
 * are the channel's.
 */
public final class SocketFds {
    private static final int SOCK_STREAM = 1, SOCK_DGRAM = 2, AF_INET = 2, AF_INET6 = 10;
    private static final Path FDS = Path.of("/proc/self/fd");

    private SocketFds() {}

    /**
     * The descriptor of {@code channel}, which must be open and bound. Valid while the channel is
     * open. A listening or unconnected channel matches only a descriptor without a peer, so a
     * server and the connections it accepted (same local address) are told apart.
     */
    public static int of(NetworkChannel channel) {
        if (!channel.isOpen()) throw new IllegalArgumentException("the channel is closed");
        SocketAddress local;
        SocketAddress remote;
        try {
            local = channel.getLocalAddress();
            remote = channel instanceof SocketChannel ? ((SocketChannel) channel).getRemoteAddress()
                    : channel instanceof DatagramChannel ? ((DatagramChannel) channel).getRemoteAddress() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the channel's addresses", e);
        }
        if (!(local instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("the channel must be a bound IPv4/IPv6 socket, its local address is " + local);
        }
        int type = channel instanceof DatagramChannel ? SOCK_DGRAM : SOCK_STREAM;
        List<Integer> matches = new ArrayList<>();
        for (int fd : socketFds()) {
            if (socketType(fd) == type && Objects.equals(local, address(fd, false))
                    && Objects.equals(remote, address(fd, true))) {
                matches.add(fd);
            }
        }
        if (matches.size() != 1) {
            throw new IllegalStateException((matches.isEmpty() ? "no" : "more than one") + " socket descriptor of this"
                    + " process has the channel's address " + local + (remote == null ? "" : " -> " + remote)
                    + " (descriptors " + matches + ")");
        }
        return matches.get(0);
    }

    private static List<Integer> socketFds() {
        List<Integer> fds = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(FDS)) {
            for (Path p : dir) {
                try {
                    if (Files.readSymbolicLink(p).toString().startsWith("socket:")) {
                        fds.add(Integer.parseInt(p.getFileName().toString()));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while listing is not the channel's
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + FDS, e);
        }
        return fds;
    }

    private static int socketType(int fd) {
        Memory value = new Memory(4);
        Memory len = new Memory(4);
        len.setInt(0, 4);
        return LibC.getsockopt(fd, AttachLibC.SOL_SOCKET, AttachLibC.SO_TYPE, value, len) == 0 ? value.getInt(0) : -1;
    }

    /** The socket's local or peer address, null when it has none or is not an inet socket. */
    private static InetSocketAddress address(int fd, boolean peer) {
        Memory addr = new Memory(128);
        addr.clear();
        Memory len = new Memory(4);
        len.setInt(0, 128);
        int r = peer ? AttachLibC.getpeername(fd, addr, len) : AttachLibC.getsockname(fd, addr, len);
        if (r != 0) return null;
        int family = Short.toUnsignedInt(addr.getShort(0));
        int port = (Byte.toUnsignedInt(addr.getByte(2)) << 8) | Byte.toUnsignedInt(addr.getByte(3));
        try {
            if (family == AF_INET) return new InetSocketAddress(InetAddress.getByAddress(addr.getByteArray(4, 4)), port);
            // getByAddress turns an IPv4-mapped IPv6 address into the IPv4 one, as Java reports it
            if (family == AF_INET6) return new InetSocketAddress(InetAddress.getByAddress(addr.getByteArray(8, 16)), port);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
        return null;
    }
}
