package org.bpf4j.it.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.Ipv4;
import org.bpf4j.samples.connectredirect.ConnectRedirectDemo;
import org.bpf4j.samples.execlog.ExecLogDemo;
import org.bpf4j.samples.firewall.Firewall;
import org.bpf4j.samples.firewall.FirewallDemo;
import org.bpf4j.samples.sockfilter.SockFilterDemo;
import org.bpf4j.samples.tcfilter.TcFilterDemo;
import org.bpf4j.samples.xdpcounter.XdpCounter;
import org.bpf4j.samples.xdpcounter.XdpCounterDemo;
import org.junit.jupiter.api.Test;

/**
 * Every sample run against the real kernel with real events: packets over a veth pair, TCP
 * connects, processes started, datagrams sent. Each checks what the sample observed.
 */
@KernelTest
class SamplesKernelTest {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @Test
    void firewallDropsAndReportsEveryDatagramFromTheBlockedSourceUntilUnblocked() throws Exception {
        FirewallDemo.Result r = FirewallDemo.run(7, out);
        assertEquals(0, r.deliveredWhileBlocked(), this::printed);
        assertEquals(7, r.deliveredAfterUnblock(), this::printed);
        assertEquals(7, r.events().size(), this::printed);
        assertEquals(7, r.droppedPerMap(), this::printed);
        for (Firewall.DropEvent e : r.events()) {
            assertEquals(r.blockedAddress(), Ipv4.format(e.saddr));
            assertEquals(r.hostAddress(), Ipv4.format(e.daddr));
            assertEquals(17, e.protocol);
            assertTrue(e.timeNs > 0);
        }
    }

    @Test
    void tcFilterDropsConnectsToTheDeniedPortOnly() {
        TcFilterDemo.Result r = TcFilterDemo.run(2, out);
        assertEquals(2, r.allowedConnects(), this::printed);
        assertEquals(0, r.deniedConnects(), this::printed);
        // one SYN per attempt at least; retransmissions within the second may add more
        assertTrue(r.drops() >= 2, "drops " + r.drops() + "\n" + printed());
    }

    @Test
    void execLogSeesEveryStartedProcess() {
        int runs = 5;
        Set<Long> started = new HashSet<>();
        List<ExecLogDemo.Exec> seen = ExecLogDemo.run(Duration.ofMillis(1500), out, () -> {
            for (int i = 0; i < runs; i++) {
                started.add(runTrue());
            }
        });
        // The JVM starts a process by exec'ing its jspawnhelper, which then execs the command.
        List<ExecLogDemo.Exec> ours = seen.stream()
                .filter(e -> started.contains((long) e.pid()) && e.command().equals("true")).toList();
        assertEquals(started, ours.stream().map(e -> (long) e.pid()).collect(Collectors.toSet()),
                () -> "seen " + seen);
        assertEquals(runs, ours.size(), () -> "seen " + seen);
        assertTrue(ours.stream().allMatch(e -> e.uid() == 0), "the tests run as root: " + ours);
    }

    @Test
    void connectRedirectLandsEveryConnectOnTheLocalServer() {
        ConnectRedirectDemo.Result r = ConnectRedirectDemo.run(3, out);
        assertEquals(List.of("hello 1 from the cgroup", "hello 2 from the cgroup", "hello 3 from the cgroup"),
                r.received(), this::printed);
        assertEquals(3, r.redirects());
    }

    @Test
    void sockFilterDeliversOnlyAllowedDatagrams() {
        SockFilterDemo.Result r = SockFilterDemo.run('x', List.of("hello", "xray", "world", "xylophone", "", "ok"), out);
        assertEquals(List.of("hello", "world", "", "ok"), r.received(), this::printed);
        assertEquals(2, r.dropped());
        assertEquals(5, r.delivered(), "four messages and the final marker");
    }

    @Test
    void xdpCounterCountsTheDatagramsSentFromTheNamespace() throws Exception {
        Map<Integer, Long> counts = XdpCounterDemo.run(Duration.ofSeconds(2), out);
        // 40 rounds: a datagram and a TCP attempt (SYN, answered by RST) from the namespace, and an
        // echo request from the host whose reply comes in
        assertEquals(40, counts.getOrDefault(17, 0L), this::printed);
        assertEquals(40, counts.getOrDefault(6, 0L), this::printed);
        assertEquals(40, counts.getOrDefault(1, 0L), this::printed);
        // besides: ARP, and the namespace's IPv6 neighbour discovery (ICMPv6) and MLD (hop-by-hop options)
        assertTrue(counts.keySet().stream().allMatch(p -> p == 0 || p == 1 || p == 6 || p == 17 || p == 58
                || p == XdpCounter.NON_IP), () -> "unexpected protocols " + counts);
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** Starts /bin/true and returns its pid once it has exited. */
    private static long runTrue() {
        try {
            Process p = new ProcessBuilder("/bin/true").start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("/bin/true did not exit");
            }
            return p.pid();
        } catch (Exception e) {
            throw new IllegalStateException("cannot run /bin/true", e);
        }
    }
}
