package org.bpf4j.runtime.attach;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpf4j.object.elf.ElfFile;
import org.bpf4j.object.usdt.UsdtArgument;
import org.bpf4j.object.usdt.UsdtNotes;
import org.bpf4j.object.usdt.UsdtProbe;
import org.bpf4j.object.usdt.UsdtSpecLayout;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.usdt.ThreadStarter;
import org.bpf4j.runtime.usdt.UsdtTargets;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * USDT probes of a gcc-built binary, read by a clang-built program that decodes each site's
 * arguments from the spec its BPF cookie names: every value the binary passes, per site.
 */
@KernelTest
class UsdtAttachTest {
    static final long S64 = -5_000_000_000_000L, U64 = 0xfedcba9876543210L;
    static final int ROUNDS = 3;
    /** What usdt_target.c passes, per probe and per site in note order; bpf4j:guarded passes the round. */
    static final Map<String, List<List<Long>>> ARGUMENTS = new LinkedHashMap<>();
    static {
        ARGUMENTS.put("stack", List.of(List.of(S64, 65000L)));
        ARGUMENTS.put("memory", List.of(List.of(S64, 4_000_000_000L, -1234L, 250L)));
        ARGUMENTS.put("registers", List.of(List.of(-5L, 250L, -1234L, 65000L, -100000L, 4_000_000_000L, S64, U64)));
        ARGUMENTS.put("globals", List.of(List.of(65000L, -100000L, U64)));
        ARGUMENTS.put("constants", List.of(List.of(-7L, 200L, -3_000_000_000L, 42L)));
        ARGUMENTS.put("twice", List.of(List.of(1L), List.of(-100000L)));
    }

    static Path dir, binary, reader;

    @BeforeAll
    static void build() throws Exception {
        dir = Files.createTempDirectory("bpf4j-usdt");
        binary = UsdtTarget.buildBinary(dir);
        reader = UsdtTarget.buildReader(dir);
    }

    @AfterAll
    static void removeBuild() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) Files.delete(p);
        }
        Files.delete(dir);
    }

    @Test
    void theBinaryCoversEveryWidthSignednessAndLocation() throws IOException {
        List<UsdtProbe> probes = UsdtNotes.read(binary);
        Set<String> seen = new HashSet<>();
        for (UsdtProbe p : probes) {
            for (UsdtArgument a : p.arguments()) {
                seen.add(a.kind() + "");
                seen.add((a.signed() ? "s" : "u") + a.size());
            }
        }
        assertEquals(Set.of("CONSTANT", "REGISTER", "MEMORY", "s1", "u1", "s2", "u2", "s4", "u4", "s8", "u8"), seen);
        UsdtProbe guarded = probes.stream().filter(p -> p.is("bpf4j", "guarded")).findFirst().orElseThrow();
        ElfFile elf = ElfFile.read(binary);
        assertEquals(elf.section(".probes").orElseThrow().offset(), guarded.semaphoreOffset(),
                "the semaphore is the .probes section's only variable");
    }

    @Test
    void everyArgumentOfEverySiteDecodesByItsCookie() {
        try (LoadedObject o = BpfObjectFile.open(reader).load()) {
            UsdtSpecs specs = new UsdtSpecs(o.map("usdt_specs"));
            List<Link> links = new ArrayList<>();
            try {
                List<String> names = List.copyOf(ARGUMENTS.keySet());
                for (int i = 0; i < names.size(); i++) {
                    links.add(specs.attach(o.program("read_usdt"), binary, "bpf4j", names.get(i), -1, 100 + i));
                }
                assertEquals("USDT program 'read_usdt' on bpf4j:twice in " + binary + " (2 sites)",
                        links.get(names.indexOf("twice")).description());
                assertEquals("0", ExternalProcess.stdoutOf(binary.toString(), "" + ROUNDS).strip());
                Map<Long, List<Site>> byCookie = sitesByCookie(o.map("seen"));
                for (int i = 0; i < names.size(); i++) {
                    List<Site> sites = byCookie.getOrDefault(100L + i, List.of());
                    assertEquals(ARGUMENTS.get(names.get(i)), sites.stream().map(Site::args).toList(), names.get(i));
                    for (Site s : sites) assertEquals(ROUNDS, s.hits(), names.get(i));
                }
            } finally {
                links.forEach(Link::close);
            }
        }
    }

    @Test
    void aGuardedProbeIsEnabledOnlyWhileAttached() {
        assertEquals("0", ExternalProcess.stdoutOf(binary.toString(), "" + ROUNDS).strip());
        try (LoadedObject o = BpfObjectFile.open(reader).load()) {
            UsdtSpecs specs = new UsdtSpecs(o.map("usdt_specs"));
            try (Link link = specs.attach(o.program("read_usdt"), binary, "bpf4j", "guarded")) {
                assertEquals("" + ROUNDS, ExternalProcess.stdoutOf(binary.toString(), "" + ROUNDS).strip());
            }
            assertEquals(List.of(new Site(ROUNDS, List.of(ROUNDS - 1L))), sitesByCookie(o.map("seen")).get(0L));
            assertEquals("0", ExternalProcess.stdoutOf(binary.toString(), "" + ROUNDS).strip(), "the semaphore drops on detach");
        }
    }

    @Test
    void aProbeInOnePidFiresAndIsEnabledOnlyThere() throws Exception {
        try (LoadedObject o = BpfObjectFile.open(reader).load()) {
            UsdtSpecs specs = new UsdtSpecs(o.map("usdt_specs"));
            Process target = new ProcessBuilder(binary.toString(), "2", "wait").start();
            try (Link link = specs.attach(o.program("read_usdt"), binary, "bpf4j", "guarded", (int) target.pid(), 7)) {
                assertEquals("0", ExternalProcess.stdoutOf(binary.toString(), "5").strip(), "another process's semaphore stays 0");
                target.getOutputStream().write('\n');
                target.getOutputStream().close();
                assertEquals(0, target.waitFor());
                assertEquals("2", new String(target.getInputStream().readAllBytes()).strip());
                assertEquals(List.of(new Site(2, List.of(1L))), sitesByCookie(o.map("seen")).get(7L));
            } finally {
                target.destroy();
            }
        }
    }

    @Test
    void hotspotsThreadStartProbeDecodesInAChildJvm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // -Xint: no compiler threads start late, so the only thread started after attaching is the child's own
        Process child = new ProcessBuilder(java.toString(), "-Xint", "-cp", System.getProperty("java.class.path"),
                ThreadStarter.class.getName()).start();
        var output = new BufferedReader(new InputStreamReader(child.getInputStream()));
        try (LoadedObject o = BpfObjectFile.open(reader).load()) {
            assertEquals("ready", output.readLine());
            Path libjvm = UsdtTargets.mappedElfFiles(child.pid()).stream()
                    .filter(p -> p.getFileName().toString().equals("libjvm.so")).findFirst().orElseThrow();
            try (Link link = new UsdtSpecs(o.map("usdt_specs"))
                    .attach(o.program("read_usdt"), libjvm, "hotspot", "thread__start", (int) child.pid(), 1)) {
                child.getOutputStream().write('\n');
                child.getOutputStream().close();
                assertEquals(0, child.waitFor());
                long javaThreadId = Long.parseLong(output.readLine());
                // thread__start(name, name length, java thread id, native thread id, daemon)
                List<Long> args = sitesByCookie(o.map("seen")).get(1L).get(0).args();
                assertEquals(List.of((long) ThreadStarter.NAME.length(), javaThreadId, 1L),
                        List.of(args.get(1), args.get(2), args.get(4)), args.toString());
            }
        } finally {
            child.destroy();
        }
    }

    @Test
    void missingProbesAndWrongMapsAreNamed() {
        try (LoadedObject o = BpfObjectFile.open(reader).load()) {
            UsdtSpecs specs = new UsdtSpecs(o.map("usdt_specs"));
            var e = assertThrows(BpfNotFoundException.class,
                    () -> specs.attach(o.program("read_usdt"), binary, "bpf4j", "nosuch"));
            assertTrue(e.getMessage().startsWith("USDT probe bpf4j:nosuch is not in " + binary + " (it has [bpf4j:stack,"),
                    e.getMessage());
            var wrong = assertThrows(IllegalArgumentException.class, () -> new UsdtSpecs(o.map("seen")));
            assertTrue(wrong.getMessage().contains("must be an ARRAY of u32 keys and " + UsdtSpecLayout.SPEC_SIZE), wrong.getMessage());
        }
    }

    /** What the reader kept for one spec id: hits and the last arguments. */
    record Site(long hits, List<Long> args) {}

    /** The sites that fired, by the attacher's cookie, in spec id order (which is note order per probe). */
    static Map<Long, List<Site>> sitesByCookie(KernelMap seen) {
        Map<Long, List<Site>> result = new LinkedHashMap<>();
        for (int id = 0; id < seen.maxEntries(); id++) {
            ByteBuffer v = ByteBuffer.wrap(seen.lookup(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(id).array()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            long hits = v.getLong(0);
            if (hits == 0) continue;
            List<Long> args = new ArrayList<>();
            for (int i = 0; i < v.getLong(16); i++) args.add(v.getLong(24 + 8 * i));
            result.computeIfAbsent(v.getLong(8), c -> new ArrayList<>()).add(new Site(hits, args));
        }
        return result;
    }
}
