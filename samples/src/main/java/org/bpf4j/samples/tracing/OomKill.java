package org.bpf4j.samples.tracing;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.CName;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.Core;

/**
 * oomkill's program: the OOM killer's choice ({@code tp_btf/mark_victim}, whose first argument is
 * the victim's task on 6.1 and 6.18 alike), reported from the task that ran out of memory, which
 * is the current one. libbpf-tools hooks {@code oom_kill_process} with a kprobe instead, which
 * this 6.18 host lacks. C twin: {@code benchmarks/src/main/c/tools/oomkill.bpf.c}.
 */
public final class OomKill {
    /** The members of {@code struct task_struct} the tool reads. */
    @KernelStruct("task_struct")
    public static final class Task {
        public int tgid;
        @Size(16) public byte[] comm;
        public Mm mm;
    }

    /** The victim's address space: its size in pages. */
    @KernelStruct("mm_struct")
    public static final class Mm {
        @CName("total_vm") public long totalVm;
    }

    /** One OOM kill. */
    @BpfStruct
    public static final class Kill {
        /** The victim's mapped pages ({@code mm->total_vm}). */
        public long pages;
        public int triggerPid;
        public int victimPid;
        @Size(16) public byte[] triggerComm = new byte[16];
        @Size(16) public byte[] victimComm = new byte[16];
    }

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Kill> events;

    @BpfProgram(type = ProgramType.TP_BTF, target = "mark_victim")
    static int oomkill(Task victim, int uid) {
        Kill k = events.reserve();
        if (k == null) {
            return 0;
        }
        k.triggerPid = (int) (Bpf.getCurrentPidTgid() >>> 32);
        Bpf.getCurrentComm(k.triggerComm);
        k.victimPid = victim.tgid;
        Core.readString(k.victimComm, victim.comm);
        k.pages = victim.mm.totalVm;
        events.submit(k);
        return 0;
    }

    private OomKill() {}
}
