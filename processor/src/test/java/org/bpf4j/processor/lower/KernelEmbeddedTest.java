package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfExt;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.BpfObjectReader;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.elf.ProgramSpec;
import org.junit.jupiter.api.Test;

/**
 * {@code @Embedded} kernel structs: a read through an embedded member is one access relocated
 * from the struct holding it, whose access string walks the path ({@code sk->__sk_common.skc_dport}
 * is "0:1:1" on {@code sock}) — one load in BTF-typed programs, one {@code bpf_probe_read_kernel}
 * elsewhere — and the local BTF holds the embedded struct by value.
 */
class KernelEmbeddedTest {
    private static final int CALL = 0x85;
    private static final int LDX_CLASS = 0x01;

    private static BpfObject compile() {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceLines("demo.Embeds",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Embeds {",
                "  @KernelStruct(\"sock_common\") public static final class SockCommon {",
                "    @CName(\"skc_daddr\") public int skcDaddr;",
                "    @CName(\"skc_dport\") public char skcDport;",
                "  }",
                "  @KernelStruct(\"sock\") public static final class Sock {",
                "    @CName(\"sk_rcvbuf\") public int skRcvbuf;",
                "    @Embedded @CName(\"__sk_common\") public SockCommon skCommon;",
                "  }",
                "  @KernelStruct(\"ns_common\") public static final class NsCommon { public int inum; }",
                "  @KernelStruct(\"mnt_namespace\") public static final class MntNamespace { @Embedded public NsCommon ns; }",
                "  @KernelStruct(\"nsproxy\") public static final class Nsproxy { @CName(\"mnt_ns\") public MntNamespace mntNs; }",
                "  @KernelStruct(\"task_struct\") public static final class Task { public int tgid; public Nsproxy nsproxy; }",
                "  static long sum;",
                "  @BpfProgram(type = ProgramType.TP_BTF, target = \"inet_sock_set_state\")",
                "  static int typed(Sock sk, int oldState, int newState) {",
                "    SockCommon common = sk.skCommon;",
                "    sum += common.skcDport + Core.fieldSize(sk.skCommon);",
                "    return 0;",
                "  }",
                "  @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\")",
                "  static int probed(TracepointContext ctx) {",
                "    Task t = Core.currentTask(Task.class);",
                "    sum += Core.fieldExists(t.nsproxy.mntNs.ns.inum) ? t.nsproxy.mntNs.ns.inum : -1;",
                "    return 0;",
                "  }",
                "}"));
        assertThat(h.compilation).succeededWithoutWarnings();
        return BpfObjectReader.read(h.objects.get("Embeds"));
    }

    private static List<String> relos(BpfObject o, String section) {
        Btf btf = o.btf().orElseThrow();
        return o.btfExt().orElseThrow().coreRelos().stream().filter(s -> s.name().equals(section))
                .flatMap(s -> s.records().stream())
                .map(r -> r.kind() + " " + btf.type(r.typeId()).name() + " " + r.accessString()).toList();
    }

    /** The instruction at byte offset {@code offset} (a 64-bit immediate load takes two slots). */
    private static Insn at(ProgramSpec p, int offset) {
        int slot = 0;
        for (Insn i : p.insns()) {
            if (slot * 8 == offset) return i;
            slot += i.slots();
        }
        throw new AssertionError("no instruction at byte " + offset);
    }

    private static long probeReads(ProgramSpec p) {
        return p.insns().stream().filter(i -> i.opcode() == CALL && i.imm() == HelperIds.PROBE_READ_KERNEL).count();
    }

    @Test
    void aReadThroughAnEmbeddedMemberIsOneLoadRelocatedFromTheOuterStruct() {
        BpfObject o = compile();
        assertEquals(List.of("FIELD_BYTE_OFFSET sock 0:1:1", "FIELD_BYTE_SIZE sock 0:1"), relos(o, "tp_btf/inet_sock_set_state"));
        BtfExt.CoreRelo load = o.btfExt().orElseThrow().coreRelos().stream()
                .filter(s -> s.name().equals("tp_btf/inet_sock_set_state")).findFirst().orElseThrow().records().get(0);
        Insn insn = at(o.program("typed").orElseThrow(), load.insnOffset());
        assertEquals(LDX_CLASS, insn.opcode() & 0x07, "the relocated instruction is the load itself: " + insn);
        assertEquals(0, probeReads(o.program("typed").orElseThrow()));
    }

    @Test
    void probeReadProgramsCopyEachRelocatedAccessOnce() {
        BpfObject o = compile();
        assertEquals(List.of("FIELD_EXISTS mnt_namespace 0:0:0", "FIELD_BYTE_OFFSET task_struct 0:1",
                "FIELD_BYTE_OFFSET nsproxy 0:0", "FIELD_BYTE_OFFSET mnt_namespace 0:0:0"), relos(o, "tracepoint/sched/sched_process_exec"));
        assertEquals(3, probeReads(o.program("probed").orElseThrow()), "task->nsproxy, ->mnt_ns, ->ns.inum");
    }

    @Test
    void theLocalBtfHoldsTheEmbeddedStructByValue() {
        Btf btf = compile().btf().orElseThrow();
        BtfType.Struct sock = (BtfType.Struct) btf.type(btf.findId("sock", BtfKind.STRUCT).getAsInt());
        BtfType.Member common = sock.members().get(1);
        assertEquals("__sk_common", common.name());
        BtfType.Struct held = assertInstanceOf(BtfType.Struct.class, btf.type(common.type()));
        assertEquals("sock_common", held.name());
        assertEquals(8, held.size(), "skc_daddr and skc_dport, aligned");
        assertEquals(4 * 8, common.bitOffset(), "after sk_rcvbuf, at the embedded struct's alignment");
        assertEquals(12, sock.size());
    }
}
