package org.bpf4j.samples.tcfilter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.bpf4j.runtime.attach.Attach;
import org.bpf4j.runtime.attach.Link;
import org.bpf4j.runtime.attach.TcDirection;
import org.bpf4j.samples.net.TestNetwork;

/**
 * Runs {@link TcFilter} on tc ingress of the host end of a private veth pair. The host listens
 * on two TCP ports and denies one; a shell in the namespace connects to both, and the demo
 * prints which connects got through and how many segments the kernel program dropped.
 *
 * <p>Usage: {@code TcFilterDemo [attempts]} (connects per port, default 2). Needs root.
 */
public final class TcFilterDemo {
    /** What a run observed: connects that succeeded per port, and segments dropped to the denied port. */
    public record Result(int allowedPort, int allowedConnects, int deniedPort, int deniedConnects, long drops) {}

    public static void main(String[] args) {
        if (args.length > 1 || (args.length == 1 && !args[0].matches("[1-9]"))) {
            System.err.println("usage: TcFilterDemo [attempts 1-9]");
            System.exit(2);
        }
        int attempts = args.length == 1 ? Integer.parseInt(args[0]) : 2;
        Result r = run(attempts, System.out);
        System.out.printf("done: port %d accepted %d of %d connects, denied port %d accepted %d (%d SYNs dropped)%n",
                r.allowedPort(), r.allowedConnects(), attempts, r.deniedPort(), r.deniedConnects(), r.drops());
    }

    /** Denies one of two listening ports, tries {@code attempts} connects to each from the namespace, and reports. */
    public static Result run(int attempts, PrintStream out) {
        try (TestNetwork net = TestNetwork.create("bpf4j-tc", 213);
                ServerSocket allowed = listen(net.hostAddress());
                ServerSocket denied = listen(net.hostAddress());
                TcFilterSkeleton tc = TcFilterSkeleton.load();
                Link link = Attach.tc(tc.filter(), net.hostIf(), TcDirection.INGRESS)) {
            Thread cleanup = new Thread(net::close, "bpf4j-tcfilter-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            tc.deniedPorts().put(denied.getLocalPort(), (byte) 1);
            out.printf("tc filter on %s ingress (%s) denies TCP port %d%n", net.hostIf(), link.description(),
                    denied.getLocalPort());
            int allowedOk = connects(net, allowed.getLocalPort(), attempts, out);
            int deniedOk = connects(net, denied.getLocalPort(), attempts, out);
            Long dropped = tc.drops().get(denied.getLocalPort());
            Runtime.getRuntime().removeShutdownHook(cleanup);
            return new Result(allowed.getLocalPort(), allowedOk, denied.getLocalPort(), deniedOk,
                    dropped == null ? 0 : dropped);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the host end of the test network", e);
        }
    }

    /** Connects from the namespace {@code attempts} times with bash's /dev/tcp, one second allowed each. */
    private static int connects(TestNetwork net, int port, int attempts, PrintStream out) {
        int ok = 0;
        for (int i = 0; i < attempts; i++) {
            boolean connected = net.succeedsInNamespace(
                    "timeout 1 bash -c 'exec 3<>/dev/tcp/" + net.hostAddress() + "/" + port + "'");
            out.printf("connect from %s to %s:%d %s%n", net.peerAddress(), net.hostAddress(), port,
                    connected ? "succeeded" : "timed out (dropped)");
            ok += connected ? 1 : 0;
        }
        return ok;
    }

    /** A server socket whose backlog completes handshakes without anyone calling accept. */
    private static ServerSocket listen(String address) throws IOException {
        return new ServerSocket(0, 50, InetAddress.getByName(address));
    }

    private TcFilterDemo() {}
}
