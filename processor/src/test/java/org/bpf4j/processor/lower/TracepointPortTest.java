package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import org.bpf4j.backend.elf.BpfObject;
import org.bpf4j.backend.elf.BpfObjectReader;
import org.bpf4j.backend.elf.MapSpec;
import org.bpf4j.backend.elf.ProgramSpec;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.testing.KernelTest;
import org.junit.jupiter.api.Test;

/**
 * The Java port of {@code tp_exec_events.bpf.c} compiles to an object with the reference's
 * program name, section and ring buffer. The other reference ports live in integration-tests
 * ({@code org.bpf4j.it.lower}), where they also run in the kernel; this one joins them once the
 * runtime can attach tracepoints (its generated skeleton needs that).
 */
class TracepointPortTest {

    /** Compiles {@code lower/bench/<name>.java} and reads back the object the front end produced. */
    static BpfObject compile(String name) {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forResource("lower/bench/" + name + ".java"));
        assertThat(h.compilation).succeededWithoutWarnings();
        byte[] object = h.objects.get(name);
        assertTrue(object != null, "no object for " + name);
        return BpfObjectReader.read(object);
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
    void tpExecEvents() {
        BpfObject o = compile("TpExecEvents");
        program(o, "tpExecEvents", "tracepoint/sched/sched_process_exec");
        map(o, "events", 27, 0, 0, 256 * 1024);
    }

    /** The record is reserved, filled (comm through a helper writing into a struct member) and submitted. */
    @Test
    @KernelTest
    void tpExecEventsPassesTheVerifier() {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forResource("lower/bench/TpExecEvents.java"));
        try (LoadedObject loaded = BpfObjectFile.open(h.objects.get("TpExecEvents"), "tp_exec_events").load()) {
            assertEquals(5, loaded.program("tpExecEvents").type(), "BPF_PROG_TYPE_TRACEPOINT");
        }
    }
}
