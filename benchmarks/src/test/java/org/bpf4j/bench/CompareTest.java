package org.bpf4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gate on the eight reference programs ({@code src/main/c/reference}): {@link Compare} sets
 * this module's compiled ports beside the system clang's -O2 -mcpu=v3 builds. Every reference
 * program must have a port that loads and behaves like it, and no port may be larger.
 */
@KernelTest
class CompareTest {
    private static final Set<String> REFERENCES = Set.of("sock_connect4_redirect", "tc_port_filter", "tp_exec_events",
            "xdp_blocklist", "xdp_ipv4_csum", "xdp_pass", "xdp_proto_count", "xdp_udp_echo");

    static Compare.Report report;

    @BeforeAll
    static void compare() throws Exception {
        Path c = Compare.sourceRoot();
        report = Compare.run(Compare.Options.defaults().withClang(Path.of("clang")).withCpu("v3")
                .withSources(List.of(c.resolve("reference"))).withOurs(List.of(Path.of(System.getProperty("bpf4j.bench.objects"))))
                .withTiming(2_000, 3));
        report.print(System.out);
    }

    @Test
    void everyReferenceProgramHasAPortThatLoads() {
        assertEquals(REFERENCES, Set.copyOf(report.rows().stream().map(Compare.Row::program).toList()), report.summary());
        assertEquals(8, report.matched().size(), report.summary());
    }

    @Test
    void everyPortBehavesLikeItsReference() {
        assertEquals(8, report.sameCount(), report.summary());
    }

    /** Instruction slots are exact: no port may be bigger than clang -O2's program. */
    @Test
    void noPortHasMoreSlotsThanClang() {
        List<String> bigger = report.matched().stream().filter(r -> r.ours().slots() > r.clang().slots())
                .map(r -> r.program() + " " + r.clang().slots() + " -> " + r.ours().slots()).toList();
        assertTrue(bigger.isEmpty(), "more slots than clang: " + bigger);
    }
}
