package org.bpf4j.runtime.attach;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.junit.ExternalProcess;

/**
 * A network namespace made for one test, joined to the test's namespace by a veth pair: the
 * {@link #hostIf} end stays here (no address, so nothing reaches this machine's stack), the
 * other end lives in the namespace with {@link #nsAddress}. Packets the namespace sends to
 * {@link #peerAddress} (a static neighbour) arrive on {@link #hostIf}. Removed on close.
 */
public final class NetNs implements AutoCloseable {

    /** The namespace end's MAC, so what the host end sends is addressed to it. */
    private static final String NS_MAC = "02:00:00:00:00:01";

    public final String name;
    public final String hostIf;
    public final String nsIf;
    /** Addresses of a /30 that depends on the process, so tests of parallel JVMs do not share one. */
    public final String nsAddress;
    public final String peerAddress;

    /** Makes the namespace and veth pair; {@code tag} (2-3 letters) keeps names of parallel tests apart. */
    public NetNs(String tag) {
        long unique = ProcessHandle.current().pid() % 10000;
        this.name = "bpf4j-" + tag + "-" + unique;
        this.hostIf = "b4" + tag + unique;
        this.nsIf = "b4" + tag + "p";
        int subnet = (int) (ProcessHandle.current().pid() % 64) * 4;
        this.nsAddress = "10.251." + (ProcessHandle.current().pid() / 64 % 250) + "." + (subnet + 1);
        this.peerAddress = nsAddress.substring(0, nsAddress.lastIndexOf('.') + 1) + (subnet + 2);
        if (hostIf.length() > 15) throw new IllegalArgumentException("interface name too long: " + hostIf);
        ExternalProcess.stdoutOf("ip", "netns", "add", name);
        try {
            ExternalProcess.stdoutOf("ip", "link", "add", hostIf, "type", "veth", "peer", "name", nsIf, "netns", name);
            // no IPv6 router solicitations and the like: the veth carries only what the tests send
            Files.writeString(Path.of("/proc/sys/net/ipv6/conf", hostIf, "disable_ipv6"), "1");
            ExternalProcess.stdoutOf("ip", "link", "set", hostIf, "up");
            exec("sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6");
            exec("ip", "addr", "add", nsAddress + "/30", "dev", nsIf);
            exec("ip", "link", "set", nsIf, "address", NS_MAC);
            exec("ip", "link", "set", nsIf, "up");
            exec("ip", "neigh", "add", peerAddress, "lladdr", "02:00:00:00:00:02", "dev", nsIf, "nud", "permanent");
        } catch (IOException | RuntimeException | AssertionError e) {
            close();
            throw new IllegalStateException("cannot set up network namespace " + name, e);
        }
    }

    /**
     * Gives the host end {@link #peerAddress} (and a static neighbour for the namespace end) and
     * returns a UDP channel bound to it: what it sends leaves through {@link #hostIf}.
     */
    public DatagramChannel hostSender() throws IOException {
        ExternalProcess.stdoutOf("ip", "addr", "add", peerAddress + "/30", "dev", hostIf);
        ExternalProcess.stdoutOf("ip", "neigh", "replace", nsAddress, "lladdr", NS_MAC, "dev", hostIf, "nud", "permanent");
        return DatagramChannel.open().bind(new InetSocketAddress(peerAddress, 0));
    }

    /** The namespace's file, as {@code ip netns} made it. */
    public Path file() {
        return Path.of("/run/netns", name);
    }

    /** A UDP destination inside the namespace. */
    public InetSocketAddress nsSocket(int port) {
        return new InetSocketAddress(nsAddress, port);
    }

    /** Runs a command inside the namespace. */
    public String exec(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return ExternalProcess.stdoutOf(full.toArray(String[]::new));
    }

    /** Sends {@code count} UDP datagrams from inside the namespace to {@link #peerAddress}:{@code port}. */
    public void sendUdp(int count, int port) {
        exec("bash", "-c", "for i in $(seq " + count + "); do echo ping > /dev/udp/" + peerAddress + "/" + port + "; done");
    }

    @Override
    public void close() {
        // Whatever its exit code: the veth may not have been made, and deleting the namespace removes its end anyway.
        ExternalProcess.run(ExternalProcess.DEFAULT_TIMEOUT, "ip", "link", "del", hostIf);
        ExternalProcess.stdoutOf("ip", "netns", "del", name);
    }
}
