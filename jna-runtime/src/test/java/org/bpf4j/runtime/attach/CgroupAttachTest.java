package org.bpf4j.runtime.attach;

import static org.bpf4j.runtime.attach.TestPrograms.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connect4 program in a fresh cgroup redirects a real TCP connect on loopback: a shell moved
 * into the cgroup connects to a port nobody listens on and reaches the test's server instead.
 */
@KernelTest
class CgroupAttachTest {
    private Path cgroup;

    @BeforeEach
    void makeCgroup() throws IOException {
        cgroup = Files.createDirectory(Cgroups.v2Mount().resolve("bpf4j-attach-" + ProcessHandle.current().pid()));
    }

    @AfterEach
    void removeCgroup() throws IOException {
        Files.deleteIfExists(cgroup);
    }

    @Test
    void connect4LinkRedirectsAConnectFromInsideTheCgroup() throws Exception {
        checkRedirect(false);
    }

    @Test
    void connect4ProgAttachRedirectsAndDetaches() throws Exception {
        checkRedirect(true);
    }

    private void checkRedirect(boolean legacy) throws Exception {
        int unused = freePort();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             KernelMap counts = counters("t_cg_cnt", 1);
             LoadedProgram prog = load("t_connect4", CGROUP_SOCK_ADDR, CgroupAttachType.CONNECT4.kernelValue,
                     redirectConnect(unused, server.getLocalPort(), counts.fd().get()))) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> acceptLine(server));
            try (Link link = legacy
                    ? Attach.cgroupLegacy(prog, cgroup, CgroupAttachType.CONNECT4)
                    : Attach.cgroup(prog, cgroup.getFileName(), CgroupAttachType.CONNECT4)) {
                assertEquals(!legacy, link.isBpfLink());
                connectFromCgroup(unused).orFail();
                assertEquals("hello from the cgroup", received.get(10, TimeUnit.SECONDS));
                assertEquals(1, counter(counts, 0));
            }
            // detached: the same connect now fails, as nobody listens there
            ExternalProcess.Result refused = connectFromCgroup(unused);
            assertTrue(refused.exitCode() != 0 && refused.stderr().contains("Connection refused"), refused::toString);
            assertEquals(1, counter(counts, 0));
        }
    }

    @Test
    void skbAndSockCreateHooksSeeOnlyTheCgroupsTraffic() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             KernelMap egress = counters("t_cg_egr", 1);
             KernelMap ingress = counters("t_cg_ingr", 1);
             KernelMap sockets = counters("t_cg_sock", 1);
             LoadedProgram onEgress = load("t_cg_egress", CGROUP_SKB, everyRun(egress.fd().get(), 1));
             LoadedProgram onIngress = load("t_cg_ingress", CGROUP_SKB, everyRun(ingress.fd().get(), 1));
             LoadedProgram onCreate = load("t_cg_create", CGROUP_SOCK, everyRun(sockets.fd().get(), 1));
             Link e = Attach.cgroup(onEgress, cgroup, CgroupAttachType.EGRESS);
             Link i = Attach.cgroup(onIngress, cgroup, CgroupAttachType.INGRESS);
             Link c = Attach.cgroup(onCreate, cgroup, CgroupAttachType.SOCK_CREATE)) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> acceptLine(server));
            // this JVM is outside the cgroup: its own sockets are not counted
            java.nio.channels.DatagramChannel.open().close();
            assertEquals(0, counter(sockets, 0));
            connectFromCgroup(server.getLocalPort()).orFail();
            assertEquals("hello from the cgroup", received.get(10, TimeUnit.SECONDS));
            assertEquals(1, counter(sockets, 0), "one socket created inside the cgroup");
            assertTrue(counter(egress, 0) >= 3, "SYN, ACK and data sent: " + counter(egress, 0));
            assertTrue(counter(ingress, 0) >= 1, "SYN-ACK received: " + counter(ingress, 0));
        }
    }

    @Test
    void wrongHookForTheProgramAndMissingCgroupAreNamed() {
        try (KernelMap counts = counters("t_cg_cnt2", 1);
             LoadedProgram prog = load("t_connect4b", CGROUP_SOCK_ADDR, CgroupAttachType.CONNECT4.kernelValue, redirectConnect(1, 2, counts.fd().get()))) {
            var wrong = assertThrows(IllegalArgumentException.class,
                    () -> Attach.cgroup(prog, cgroup, CgroupAttachType.INGRESS));
            assertTrue(wrong.getMessage().contains("needs a cgroup skb program"), wrong.getMessage());
            var missing = assertThrows(BpfNotFoundException.class,
                    () -> Attach.cgroup(prog, Path.of("no-such-cgroup-here"), CgroupAttachType.CONNECT4));
            assertTrue(missing.getMessage().contains("no-such-cgroup-here does not exist"), missing.getMessage());
        }
    }

    /** A shell that joins the cgroup, then opens a TCP connection with bash's /dev/tcp and writes a line. */
    private ExternalProcess.Result connectFromCgroup(int port) {
        return ExternalProcess.run(ExternalProcess.DEFAULT_TIMEOUT, "bash", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs")
                + " && exec 3<>/dev/tcp/127.0.0.1/" + port + " && echo 'hello from the cgroup' >&3");
    }

    private static String acceptLine(ServerSocket server) {
        try (Socket s = server.accept()) {
            return new String(s.getInputStream().readAllBytes()).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }
}
