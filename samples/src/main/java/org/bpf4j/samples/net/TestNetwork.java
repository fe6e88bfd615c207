package org.bpf4j.samples.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace holding one end of a veth pair whose other end stays in this namespace:
 * a private two-host network for samples and tests. The host end is {@link #hostIf()} with
 * {@link #hostAddress()}; the namespace end is {@link #peerAddress()}. Closing deletes the
 * namespace, which deletes the pair. Uses {@code ip} from iproute2.
 */
public final class TestNetwork implements AutoCloseable {
    private final String namespace;
    private final String hostIf;
    private final String hostAddress;
    private final String peerAddress;
    private boolean closed;

    private TestNetwork(String namespace, String hostIf, String hostAddress, String peerAddress) {
        this.namespace = namespace;
        this.hostIf = hostIf;
        this.hostAddress = hostAddress;
        this.peerAddress = peerAddress;
    }

    /**
     * Creates namespace {@code <prefix>-<pid>} and a veth pair {@code <prefix short>h/p}
     * on the /30 subnet {@code 10.<subnet>.0.0}: host end .1, namespace end .2.
     */
    public static TestNetwork create(String prefix, int subnet) {
        long pid = ProcessHandle.current().pid();
        String ns = prefix + "-" + pid;
        String base = "b4j" + (pid % 100000);
        String host = base + "h";
        String peer = base + "p";
        String hostAddr = "10." + subnet + ".0.1";
        String peerAddr = "10." + subnet + ".0.2";
        TestNetwork net = new TestNetwork(ns, host, hostAddr, peerAddr);
        try {
            ip("netns", "add", ns);
            ip("link", "add", host, "type", "veth", "peer", "name", peer, "netns", ns);
            ip("addr", "add", hostAddr + "/30", "dev", host);
            ip("link", "set", host, "up");
            ip("-n", ns, "addr", "add", peerAddr + "/30", "dev", peer);
            ip("-n", ns, "link", "set", peer, "up");
            ip("-n", ns, "link", "set", "lo", "up");
            return net;
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    public String namespace() {
        return namespace;
    }

    public String hostIf() {
        return hostIf;
    }

    public String hostAddress() {
        return hostAddress;
    }

    public String peerAddress() {
        return peerAddress;
    }

    /** Runs a bash command line inside the namespace and waits for it. */
    public void runInNamespace(String bashCommand) {
        run(List.of("ip", "netns", "exec", namespace, "bash", "-c", bashCommand));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ip("netns", "del", namespace);
        } catch (RuntimeException e) {
            // The namespace may never have been made; the veth host end goes with it either way.
        }
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 30 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit "
                        + p.exitValue() + "): " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0)
                    + " (is iproute2 installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
