package org.bpf4j.it.usdt;

import static org.bpf4j.it.usdt.UsdtTestBinary.S64;
import static org.bpf4j.it.usdt.UsdtTestBinary.U64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bpf4j.it.usdt.UsdtArgs.Site;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.UsdtContext;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.attach.Link;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link UsdtArgs}, a Java USDT program, on the probes of the gcc-built test binary: every
 * argument of every site as the binary passed it, decoded by the compiler's reader from the
 * site's spec; the semaphore of a guarded probe raised exactly while attached.
 */
@KernelTest
class UsdtArgsKernelTest {
    static final int ROUNDS = 3;
    /** What usdt_target.c passes, per probe and per site in note order. */
    static final Map<String, List<List<Long>>> ARGUMENTS = new LinkedHashMap<>();
    static {
        ARGUMENTS.put("stack", List.of(List.of(S64, 65000L)));
        ARGUMENTS.put("memory", List.of(List.of(S64, 4_000_000_000L, -1234L, 250L)));
        ARGUMENTS.put("registers", List.of(List.of(-5L, 250L, -1234L, 65000L, -100000L, 4_000_000_000L, S64, U64)));
        ARGUMENTS.put("globals", List.of(List.of(65000L, -100000L, U64)));
        ARGUMENTS.put("constants", List.of(List.of(-7L, 200L, -3_000_000_000L, 42L)));
        ARGUMENTS.put("twice", List.of(List.of(1L), List.of(-100000L)));
    }

    static Path dir, binary;

    @BeforeAll
    static void build() throws IOException {
        dir = Files.createTempDirectory("bpf4j-usdt-it");
        binary = UsdtTestBinary.build(dir);
    }

    @AfterAll
    static void removeBuild() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) Files.delete(p);
        }
        Files.delete(dir);
    }

    @Test
    void everyArgumentOfEverySiteReachesTheJavaProgram() {
        try (UsdtArgsSkeleton s = UsdtArgsSkeleton.load()) {
            List<String> probes = List.copyOf(ARGUMENTS.keySet());
            for (int i = 0; i < probes.size(); i++) {
                s.attachReadArgs(binary + ":bpf4j:" + probes.get(i), -1, 100 + i);
            }
            assertEquals(0, UsdtTestBinary.run(binary, ROUNDS));
            Map<Long, List<Site>> byCookie = sitesByCookie(s.sites());
            for (int i = 0; i < probes.size(); i++) {
                List<Site> sites = byCookie.getOrDefault(100L + i, List.of());
                assertEquals(ARGUMENTS.get(probes.get(i)), sites.stream().map(UsdtArgsKernelTest::arguments).toList(),
                        probes.get(i));
                for (Site site : sites) assertEquals(ROUNDS, site.hits, probes.get(i));
            }
        }
    }

    @Test
    void aGuardedProbeFiresOnlyWhileAttached() {
        try (UsdtArgsSkeleton s = UsdtArgsSkeleton.load()) {
            assertEquals(0, UsdtTestBinary.run(binary, ROUNDS));
            try (Link link = s.attachReadArgs(binary + ":bpf4j:guarded")) {
                assertEquals(ROUNDS, UsdtTestBinary.run(binary, ROUNDS));
            }
            assertEquals(0, UsdtTestBinary.run(binary, ROUNDS), "the semaphore drops on detach");
            Site site = s.sites().get(0);
            assertEquals(ROUNDS, site.hits);
            assertEquals(List.of(ROUNDS - 1L), arguments(site), "the round of the last hit");
        }
    }

    @Test
    void aMissingProbeIsNamedWithItsBinary() {
        try (UsdtArgsSkeleton s = UsdtArgsSkeleton.load()) {
            var e = assertThrows(BpfNotFoundException.class, () -> s.attachReadArgs(binary + ":bpf4j:nosuch"));
            assertTrue(e.getMessage().startsWith("USDT probe bpf4j:nosuch is not in " + binary + " (it has [bpf4j:"),
                    e.getMessage());
        }
    }

    @Test
    void theJvmReadsTheArgumentsTheContextHolds() {
        UsdtContext ctx = new UsdtContext(7, -5, 250);
        assertEquals(List.of(2L, 7L, -5L, 250L, 0L), List.of((long) ctx.argCount(), ctx.cookie(), ctx.arg(0), ctx.arg(1),
                ctx.arg(2)));
    }

    private static List<Long> arguments(Site site) {
        return Arrays.stream(site.args).limit(site.count).boxed().toList();
    }

    /** The sites that fired, by the attacher's cookie, in spec id order (note order within a probe). */
    private static Map<Long, List<Site>> sitesByCookie(BpfArrayMap<Site> sites) {
        Map<Long, List<Site>> result = new LinkedHashMap<>();
        for (int id = 0; id < 64; id++) {
            Site site = sites.get(id);
            if (site.hits > 0) result.computeIfAbsent(site.cookie, c -> new ArrayList<>()).add(site);
        }
        return result;
    }
}
