package org.bpf4j.samples.connectredirect;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bpf4j.lang.Ipv4;
import org.bpf4j.runtime.attach.Attach;
import org.bpf4j.runtime.attach.CgroupAttachType;
import org.bpf4j.runtime.attach.Cgroups;
import org.bpf4j.runtime.attach.Link;

/**
 * Makes a fresh cgroup v2, attaches {@link ConnectRedirect} to its connect4 hook so that
 * connects to {@value #VIRTUAL_ADDRESS}:{@value #VIRTUAL_PORT} (a documentation address nobody
 * answers) land on a local server, then connects there from shells moved into the cgroup and
 * prints what the server receives.
 *
 * <p>Usage: {@code ConnectRedirectDemo [connects]} (default 3). Needs root.
 */
public final class ConnectRedirectDemo {
    static final String VIRTUAL_ADDRESS = "192.0.2.1";
    static final int VIRTUAL_PORT = 80;

    /** What a run observed: the lines the local server received and the kernel's redirect count. */
    public record Result(List<String> received, long redirects) {}

    public static void main(String[] args) {
        if (args.length > 1 || (args.length == 1 && !args[0].matches("[1-9][0-9]?"))) {
            System.err.println("usage: ConnectRedirectDemo [connects 1-99]");
            System.exit(2);
        }
        int connects = args.length == 1 ? Integer.parseInt(args[0]) : 3;
        Result r = run(connects, System.out);
        System.out.printf("done: the server received %d of %d connects, the kernel counted %d redirects%n",
                r.received().size(), connects, r.redirects());
    }

    /** Makes {@code connects} connects to the virtual address from inside a fresh cgroup and reports. */
    public static Result run(int connects, PrintStream out) {
        Path cgroup = Cgroups.v2Mount().resolve("bpf4j-redirect-" + ProcessHandle.current().pid());
        Thread cleanup = new Thread(() -> removeCgroup(cgroup), "bpf4j-redirect-cleanup");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Files.createDirectory(cgroup);
            Runtime.getRuntime().addShutdownHook(cleanup);
            server.setSoTimeout(5000);
            try (ConnectRedirectSkeleton redirect = ConnectRedirectSkeleton.open()
                            .fromIp(Ipv4.parse(VIRTUAL_ADDRESS)).fromPort(VIRTUAL_PORT)
                            .toIp(Ipv4.parse("127.0.0.1")).toPort(server.getLocalPort())
                            .load();
                    Link link = Attach.cgroup(redirect.redirect(), cgroup, CgroupAttachType.CONNECT4)) {
                out.printf("connect4 hook on %s (%s): %s:%d -> 127.0.0.1:%d%n", cgroup, link.description(),
                        VIRTUAL_ADDRESS, VIRTUAL_PORT, server.getLocalPort());
                List<String> received = new ArrayList<>();
                for (int i = 1; i <= connects; i++) {
                    String line = "hello " + i + " from the cgroup";
                    connectFromCgroup(cgroup, line);
                    String got = acceptLine(server);
                    out.printf("server received: %s%n", got);
                    received.add(got);
                }
                Long count = redirect.redirects().get(0);
                return new Result(received, count == null ? 0 : count);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the cgroup or the local server", e);
        } finally {
            removeCgroup(cgroup);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will: it finds nothing left to remove
            }
        }
    }

    /** A shell joins the cgroup, connects to the virtual address with bash's /dev/tcp and writes a line. */
    private static void connectFromCgroup(Path cgroup, String line) {
        String script = "echo $$ > " + cgroup.resolve("cgroup.procs") + " && exec 3<>/dev/tcp/" + VIRTUAL_ADDRESS
                + "/" + VIRTUAL_PORT + " && echo '" + line + "' >&3";
        try {
            Process p = new ProcessBuilder("timeout", "5", "bash", "-c", script).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("connect to " + VIRTUAL_ADDRESS + ":" + VIRTUAL_PORT
                        + " from the cgroup failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run bash", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting from the cgroup", e);
        }
    }

    private static String acceptLine(ServerSocket server) throws IOException {
        try (Socket s = server.accept()) {
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("the local server got no connection in 5 s: the redirect did not happen", e);
        }
    }

    /** Removes the cgroup once its processes (the shells, which have exited) are gone. */
    private static void removeCgroup(Path cgroup) {
        try {
            Files.deleteIfExists(cgroup);
        } catch (IOException e) {
            System.err.println("could not remove cgroup " + cgroup + ": " + e.getMessage());
        }
    }

    private ConnectRedirectDemo() {}
}
