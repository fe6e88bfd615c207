package org.bpf4j.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.ClangObjects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our runtime and libbpf (through {@code src/main/c/bpfmeasure.c}) see the same thing on the clang
 * reference objects: program sizes and verifier work, results on every test packet, map contents.
 * {@link Compare} reads all its figures through the runtime, so this keeps it honest.
 */
@KernelTest
class MeasureMatchesBpfmeasureTest {
    private static final int REPEAT = 10;

    @TempDir
    static Path dir;
    static Path bpfmeasure;
    static List<Path> objects;

    @BeforeAll
    static void build() throws Exception {
        bpfmeasure = dir.resolve("bpfmeasure");
        Path c = Compare.sourceRoot();
        ExternalProcess.stdoutOf("gcc", "-O2", c.resolve("bpfmeasure.c").toString(), "-o", bpfmeasure.toString(), "-lbpf");
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(c.resolve("reference"))) {
            for (Path source : files.filter(f -> f.toString().endsWith(".bpf.c")).sorted().toList()) {
                out.add(ClangObjects.compile(source, dir));
            }
        }
        objects = out;
    }

    @Test
    void progRunAndMapLinesAgreeForEveryReferenceObject() throws Exception {
        assertEquals(8, objects.size());
        for (Path o : objects) {
            TreeSet<String> libbpf = comparable(ExternalProcess.stdoutOf(bpfmeasure.toString(), o.toString(), "" + REPEAT));
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            int rc = Measure.run(o, REPEAT, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err));
            assertEquals(0, rc, o + ": " + err);
            TreeSet<String> ours = comparable(out.toString(StandardCharsets.UTF_8));
            assertFalse(libbpf.isEmpty());
            assertTrue(libbpf.stream().anyMatch(l -> l.startsWith("prog ")), libbpf.toString());
            assertEquals(libbpf, ours, o.getFileName().toString());
        }
    }

    @Test
    void timeLinesCoverEveryPacketOfEveryPacketProgram() throws Exception {
        Path xdp = objects.stream().filter(p -> p.getFileName().toString().startsWith("xdp_pass")).findFirst().orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Measure.run(xdp, REPEAT, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        List<String> times = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("time ")).toList();
        assertEquals(ReferencePackets.all().size(), times.size());
        for (String t : times) assertTrue(t.matches("time name=xdp_pass packet=\\w+ ns=\\d+"), t);
    }

    /** prog (without jited: JIT sizes may differ by kernel state), run and map lines. */
    private static TreeSet<String> comparable(String output) {
        TreeSet<String> out = new TreeSet<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("prog ")) out.add(line.replaceFirst(" jited=\\d+", ""));
            else if (line.startsWith("run ") || line.startsWith("map ") || line.startsWith("error ")) out.add(line);
        }
        return out;
    }
}
