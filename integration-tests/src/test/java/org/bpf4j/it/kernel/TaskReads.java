package org.bpf4j.it.kernel;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.CName;
import org.bpf4j.annotation.KernelEnum;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.Core;
import org.bpf4j.lang.TracepointContext;

/**
 * CO-RE reads of the exec'ing task, twice: in a tracepoint through
 * {@code bpf_probe_read_kernel}, and in {@code tp_btf} from typed arguments with direct loads.
 * Both record children of the process whose pid is {@link #parent}.
 */
public final class TaskReads {
    @KernelStruct("task_struct")
    public static final class Task {
        @CName("real_parent") public Task realParent;
        public int tgid;
        @Size(16) public byte[] comm;
    }

    /** A flavor with a member no kernel has: reads of it must stay behind Core.fieldExists. */
    @KernelStruct("task_struct___imagined")
    public static final class ImaginedTask {
        @CName("bpf4j_no_such_member") public int noSuchMember;
        public int tgid;
    }

    /** Declared out of the kernel's order, with an enumerator no kernel has. */
    @KernelEnum("pid_type")
    public enum PidType {
        PIDTYPE_SID,
        PIDTYPE_TGID,
        @CName("BPF4J_NO_SUCH_PIDTYPE") IMAGINED
    }

    @KernelStruct("linux_binprm")
    public static final class Binprm {
        public int argc;
    }

    @BpfStruct
    public static final class Exec {
        public int pid;
        public int ppid;
        public int commLength;
        public int imagined;
        public int tgidSize;
        public int taskSize;
        public int argc;
        public int oldPid;
        public long sidType;
        public int imaginedType;
        @Size(16) public byte[] comm = new byte[16];
    }

    @BpfConfig
    static int parent = 0;

    @BpfMap(maxEntries = 64)
    static BpfHashMap<Integer, Exec> probed;

    @BpfMap(maxEntries = 64)
    static BpfHashMap<Integer, Exec> typed;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "sched/sched_process_exec")
    static int exec(TracepointContext ctx) {
        Task task = Core.currentTask(Task.class);
        int ppid = task.realParent.tgid;
        if (ppid != parent) {
            return 0;
        }
        Exec e = new Exec();
        e.pid = task.tgid;
        e.ppid = ppid;
        e.commLength = Core.readString(e.comm, task.comm);
        ImaginedTask imagined = Core.currentTask(ImaginedTask.class);
        e.imagined = Core.fieldExists(imagined.noSuchMember) ? imagined.noSuchMember : -1;
        e.tgidSize = Core.fieldSize(task.tgid);
        e.taskSize = Core.typeExists(Task.class) ? Core.typeSize(Task.class) : -1;
        e.sidType = Core.enumValueExists(PidType.PIDTYPE_SID) ? Core.enumValue(PidType.PIDTYPE_SID) : -1;
        e.imaginedType = Core.enumValueExists(PidType.IMAGINED) ? 1 : 0;
        probed.put(e.pid, e);
        return 0;
    }

    @BpfProgram(type = ProgramType.TP_BTF, target = "sched_process_exec")
    static int execTyped(Task p, int oldPid, Binprm bprm) {
        int ppid = p.realParent.tgid;
        if (ppid != parent) {
            return 0;
        }
        Exec e = new Exec();
        e.pid = p.tgid;
        e.ppid = ppid;
        e.oldPid = oldPid;
        e.argc = bprm.argc;
        e.commLength = Core.readString(e.comm, p.comm);
        typed.put(e.pid, e);
        return 0;
    }
}
