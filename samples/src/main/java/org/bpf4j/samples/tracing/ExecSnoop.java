package org.bpf4j.samples.tracing;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.CName;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.Core;
import org.bpf4j.lang.TracepointContext;

/**
 * execsnoop's programs: the entry of {@code execve} notes the caller's pid, its parent's pid (read
 * through CO-RE: {@code task->real_parent->tgid}) and the file name, keyed by thread; the exit adds
 * the return value and the command name — the new program's after a successful exec — and sends
 * the record. C twin: {@code benchmarks/src/main/c/tools/execsnoop.bpf.c}.
 */
public final class ExecSnoop {
    /** The members of {@code struct task_struct} the tool reads; the loader finds their offsets. */
    @KernelStruct("task_struct")
    public static final class Task {
        @CName("real_parent") public Task realParent;
        public int tgid;
    }

    /** One exec, as the tool reports it. */
    @BpfStruct
    public static final class Exec {
        public int pid;
        public int ppid;
        /** execve's return value: 0, or a negative errno. */
        public int ret;
        @Size(16) public byte[] comm = new byte[16];
        @Size(256) public byte[] filename = new byte[256];
    }

    /**
     * Offsets in the syscall tracepoints' records (events/syscalls/.../format in tracefs): the
     * arguments follow the common fields and the syscall number, 8 bytes each; so does the return value.
     */
    static final int FILENAME = 16, RET = 16;

    /** Execs under way, by thread id. */
    @BpfMap(maxEntries = 10240)
    static BpfHashMap<Integer, Exec> execs;

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Exec> events;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "syscalls/sys_enter_execve")
    static int execsnoopEnter(TracepointContext ctx) {
        long id = Bpf.getCurrentPidTgid();
        Task task = Core.currentTask(Task.class);
        Exec e = new Exec();
        e.pid = (int) (id >>> 32);
        e.ppid = task.realParent.tgid;
        Bpf.probeReadUserStr(e.filename, ctx.u64(FILENAME));
        execs.put((int) id, e);
        return 0;
    }

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "syscalls/sys_exit_execve")
    static int execsnoopExit(TracepointContext ctx) {
        int tid = (int) Bpf.getCurrentPidTgid();
        Exec e = execs.get(tid);
        if (e == null) {
            return 0;
        }
        e.ret = (int) ctx.u64(RET);
        Bpf.getCurrentComm(e.comm);
        events.output(e);
        execs.remove(tid);
        return 0;
    }

    private ExecSnoop() {}
}
