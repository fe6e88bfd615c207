package org.bpf4j.runtime.attach;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace made for one test, joined to the test's namespace by a veth pair: the
 * {@link #hostIf} end stays here (no address, so nothing reaches this machine's stack), the
 * other end lives in the namespace with {@link #NS_ADDRESS}. Packets the namespace sends to
 * {@link #PEER_ADDRESS} (a static neighbour) arrive on {@link #hostIf}. Removed on close.
 */
public final class NetNs implements AutoCloseable {
    public static final String NS_ADDRESS = "10.251.0.1", PEER_ADDRESS = "10.251.0.2";

    public final String name;
    public final String hostIf;
    public final String nsIf;

    /** Makes the namespace and veth pair; {@code tag} (2-3 letters) keeps names of parallel tests apart. */
    public NetNs(String tag) {
        long unique = ProcessHandle.current().pid() % 10000;
        this.name = "bpf4j-" + tag + "-" + unique;
        this.hostIf = "b4" + tag + unique;
        this.nsIf = "b4" + tag + "p";
        if (hostIf.length() > 15) throw new IllegalArgumentException("interface name too long: " + hostIf);
        Commands.run("ip", "netns", "add", name);
        try {
            Commands.run("ip", "link", "add", hostIf, "type", "veth", "peer", "name", nsIf, "netns", name);
            Commands.run("sysctl", "-q", "-w", "net.ipv6.conf." + hostIf + ".disable_ipv6=1");
            Commands.run("ip", "link", "set", hostIf, "up");
            exec("sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
            exec("ip", "addr", "add", NS_ADDRESS + "/30", "dev", nsIf);
            exec("ip", "link", "set", nsIf, "up");
            exec("ip", "neigh", "add", PEER_ADDRESS, "lladdr", "02:00:00:00:00:02", "dev", nsIf, "nud", "permanent");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Gives the host end {@link #PEER_ADDRESS} (and a static neighbour for the namespace end) and
     * returns a UDP channel bound to it: what it sends leaves through {@link #hostIf}.
     */
    public DatagramChannel hostSender() throws IOException {
        Commands.run("ip", "addr", "add", PEER_ADDRESS + "/30", "dev", hostIf);
        Commands.run("ip", "neigh", "replace", NS_ADDRESS, "lladdr", "02:00:00:00:00:01", "dev", hostIf, "nud", "permanent");
        return DatagramChannel.open().bind(new InetSocketAddress(PEER_ADDRESS, 0));
    }

    /** A UDP destination inside the namespace. */
    public InetSocketAddress nsSocket(int port) {
        return new InetSocketAddress(NS_ADDRESS, port);
    }

    /** Runs a command inside the namespace. */
    public String exec(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return Commands.run(full);
    }

    /** Sends {@code count} UDP datagrams from inside the namespace to {@link #PEER_ADDRESS}:{@code port}. */
    public void sendUdp(int count, int port) {
        exec("bash", "-c", "for i in $(seq " + count + "); do echo ping > /dev/udp/" + PEER_ADDRESS + "/" + port + "; done");
    }

    @Override
    public void close() {
        try {
            Commands.run("ip", "link", "del", hostIf);
        } catch (RuntimeException alreadyGone) {
            // the veth may not have been made; deleting the namespace removes its end anyway
        }
        Commands.run("ip", "netns", "del", name);
    }
}
