package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.BpfObjectReader;
import org.bpf4j.object.elf.ProgramSpec;
import org.junit.jupiter.api.Test;

/**
 * {@code @Bits} kernel bitfields: a read carries libbpf's five {@code BPF_CORE_READ_BITFIELD}
 * relocations — the unit copied with {@code bpf_probe_read_kernel} in a tracepoint, loaded
 * directly (one relocated load per unit size) in {@code tp_btf} — and the local BTF marks the
 * member as a bitfield of a kind_flag struct.
 */
class KernelBitfieldTest {
    private static final int CALL = 0x85;

    private static BpfObject compile() {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceLines("demo.Bitfields",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Bitfields {",
                "  @KernelStruct(\"task_struct\") public static final class Task {",
                "    public int tgid;",
                "    @Bits(1) @CName(\"sched_reset_on_fork\") public boolean resetOnFork;",
                "  }",
                "  static long sum;",
                "  @BpfProgram(type = ProgramType.TP_BTF, target = \"sched_process_exec\")",
                "  static int typed(Task p, int oldPid) {",
                "    sum += p.resetOnFork ? 1 : 0;",
                "    return 0;",
                "  }",
                "  @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\")",
                "  static int probed(TracepointContext ctx) {",
                "    Task t = Core.currentTask(Task.class);",
                "    sum += t.resetOnFork ? 1 : 0;",
                "    return 0;",
                "  }",
                "}"));
        assertThat(h.compilation).succeededWithoutWarnings();
        return BpfObjectReader.read(h.objects.get("Bitfields"));
    }

    private static List<String> relos(BpfObject o, String section) {
        Btf btf = o.btf().orElseThrow();
        return o.btfExt().orElseThrow().coreRelos().stream().filter(s -> s.name().equals(section))
                .flatMap(s -> s.records().stream())
                .map(r -> r.kind() + " " + btf.type(r.typeId()).name() + " " + r.accessString()).sorted().distinct().toList();
    }

    private static long probeReads(ProgramSpec p) {
        return p.insns().stream().filter(i -> i.opcode() == CALL && i.imm() == HelperIds.PROBE_READ_KERNEL).count();
    }

    private static final List<String> BITFIELD_RELOS = List.of("FIELD_BYTE_OFFSET task_struct 0:1", "FIELD_BYTE_SIZE task_struct 0:1",
            "FIELD_LSHIFT_U64 task_struct 0:1", "FIELD_RSHIFT_U64 task_struct 0:1", "FIELD_SIGNED task_struct 0:1");

    @Test
    void aBitfieldReadCarriesTheFiveRelocations() {
        BpfObject o = compile();
        assertEquals(BITFIELD_RELOS, relos(o, "tp_btf/sched_process_exec"));
        assertEquals(BITFIELD_RELOS, relos(o, "tracepoint/sched/sched_process_exec"));
        assertEquals(0, probeReads(o.program("typed").orElseThrow()), "tp_btf loads the unit directly");
        assertEquals(1, probeReads(o.program("probed").orElseThrow()), "a tracepoint copies the unit");
    }

    @Test
    void theLocalBtfMarksTheBitfield() {
        Btf btf = compile().btf().orElseThrow();
        BtfType.Struct task = (BtfType.Struct) btf.type(btf.findId("task_struct", BtfKind.STRUCT).getAsInt());
        assertTrue(task.bitfieldOffsets(), "kind_flag set");
        BtfType.Member reset = task.members().get(1);
        assertEquals("sched_reset_on_fork", reset.name());
        assertEquals(1, reset.bitfieldSize());
        assertEquals(4 * 8, reset.bitOffset(), "alone in its unit after tgid");
        assertEquals(0, task.members().get(0).bitfieldSize(), "tgid is a whole int");
    }
}
