package org.bpf4j.samples.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace holding one end of a veth pair whose other end stays in this namespace:
 * a private two-host network for samples and tests. The host end is {@link #hostIf()} with
 * {@link #hostAddress()}; the namespace end is {@link #peerAddress()}. Closing deletes the
 * namespace, which deletes the pair. Uses {@code ip} from iproute2.
 */
public final class TestNetwork implements AutoCloseable {
    /** Numbers the networks of this process, so a new one never meets the name of one being torn down. */
    private static final AtomicInteger CREATED = new AtomicInteger();
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
     * Creates namespace {@code <prefix>-<pid>} (with a suffix from the second network of a
     * process on) and a veth pair {@code b4j<pid><n>h/p} on a /30 subnet {@code 10.<subnet>.<k>.0}:
     * host end .1, namespace end .2. {@code k} comes from the process id and the network's
     * number, so that parallel processes running the same sample get different routes.
     */
    public static TestNetwork create(String prefix, int subnet) {
        if (subnet < 0 || subnet > 255) {
            throw new IllegalArgumentException("subnet must be 0..255 (the second byte of 10.x.0.0), got " + subnet);
        }
        long pid = ProcessHandle.current().pid();
        int n = CREATED.getAndIncrement();
        String ns = prefix + "-" + pid + (n == 0 ? "" : "-" + n);
        String base = "b4j" + (pid % 100000) + (n % 100);
        String host = base + "h";
        String peer = base + "p";
        long k = (pid + n) % 256;
        String hostAddr = "10." + subnet + "." + k + ".1";
        String peerAddr = "10." + subnet + "." + k + ".2";
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

    /** Runs a bash command line inside the namespace and waits for it; a non-zero exit is an exception. */
    public void runInNamespace(String bashCommand) {
        run(List.of("ip", "netns", "exec", namespace, "bash", "-c", bashCommand));
    }

    /** Runs a bash command line inside the namespace and tells whether it exited with 0. */
    public boolean succeedsInNamespace(String bashCommand) {
        return exitCode(List.of("ip", "netns", "exec", namespace, "bash", "-c", bashCommand)) == 0;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Deleting the host end takes its peer at once; the namespace itself goes asynchronously.
        exitCode(List.of("ip", "link", "del", hostIf));
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
        StringBuilder output = new StringBuilder();
        int exit = exitCode(command, output);
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + exit + "): "
                    + output.toString().strip());
        }
    }

    private static int exitCode(List<String> command) {
        return exitCode(command, new StringBuilder());
    }

    private static int exitCode(List<String> command, StringBuilder output) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            output.append(new String(p.getInputStream().readAllBytes()));
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 30 s");
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0)
                    + " (is iproute2 installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
