package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.backend.elf.BpfObject;
import org.bpf4j.backend.elf.BpfObjectReader;
import org.bpf4j.backend.elf.MapSpec;
import org.bpf4j.backend.elf.ProgramSpec;
import org.junit.jupiter.api.Test;

/**
 * The Java ports of the reference C programs ({@code shared/bench/reference}) compile to objects
 * with the same program names, sections and maps (names, types, key and value sizes).
 */
class ReferencePortsTest {

    /** Compiles {@code lower/bench/<name>.java} and reads back the object the front end produced. */
    static BpfObject compile(String name) {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forResource("lower/bench/" + name + ".java"));
        assertThat(h.compilation).succeededWithoutWarnings();
        byte[] object = h.objects.get(name);
        assertTrue(object != null, "no object for " + name);
        dump(name, object);
        return BpfObjectReader.read(object);
    }

    /** With -Dbpf4j.lower.dump=DIR the objects are kept there, e.g. for shared/bench/compare. */
    private static void dump(String name, byte[] object) {
        String dir = System.getProperty("bpf4j.lower.dump");
        if (dir != null) {
            try {
                Files.createDirectories(Path.of(dir));
                Files.write(Path.of(dir, name + ".bpf.o"), object);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static ProgramSpec program(BpfObject o, String name, String section) {
        ProgramSpec p = o.program(name).orElseThrow(() -> new AssertionError("no program " + name));
        assertEquals(section, p.section());
        assertTrue(p.insns().size() > 1, "program has code");
        return p;
    }

    private static void map(BpfObject o, String name, int type, int keySize, int valueSize, int maxEntries) {
        MapSpec m = o.map(name).orElseThrow(() -> new AssertionError("no map " + name));
        assertEquals(type, m.definition().mapType(), name + " type");
        assertEquals(keySize, m.definition().keySize(), name + " key size");
        assertEquals(valueSize, m.definition().valueSize(), name + " value size");
        assertEquals(maxEntries, m.definition().maxEntries(), name + " max entries");
    }

    @Test
    void xdpPass() {
        BpfObject o = compile("XdpPass");
        ProgramSpec p = program(o, "xdpPass", "xdp");
        assertEquals(2, p.insns().size(), "r0 = 2; exit");
        assertEquals("GPL", o.license());
    }

    @Test
    void xdpBlocklist() {
        BpfObject o = compile("XdpBlocklist");
        program(o, "xdpBlocklist", "xdp");
        map(o, "blocked", 1, 4, 8, 65536);
    }

    @Test
    void xdpProtoCount() {
        BpfObject o = compile("XdpProtoCount");
        program(o, "xdpProtoCount", "xdp");
        map(o, "protoCount", 6, 4, 8, 256);
    }

    @Test
    void xdpUdpEcho() {
        program(compile("XdpUdpEcho"), "xdpUdpEcho", "xdp");
    }

    @Test
    void xdpIpv4Csum() {
        BpfObject o = compile("XdpIpv4Csum");
        program(o, "xdpIpv4Csum", "xdp");
        map(o, "csumStats", 2, 4, 8, 2);
    }

    @Test
    void tcPortFilter() {
        BpfObject o = compile("TcPortFilter");
        program(o, "tcPortFilter", "tc");
        map(o, "deniedPorts", 2, 4, 1, 65536);
    }

    @Test
    void sockConnect4Redirect() {
        BpfObject o = compile("SockConnect4Redirect");
        program(o, "sockConnect4Redirect", "cgroup/connect4");
        map(o, "redirects", 2, 4, 8, 1);
    }

    @Test
    void tpExecEvents() {
        BpfObject o = compile("TpExecEvents");
        program(o, "tpExecEvents", "tracepoint/sched/sched_process_exec");
        map(o, "events", 27, 0, 0, 256 * 1024);
    }
}
