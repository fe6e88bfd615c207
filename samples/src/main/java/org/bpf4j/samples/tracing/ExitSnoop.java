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
import org.bpf4j.lang.TracepointContext;

/**
 * exitsnoop's program: when a process ends ({@code sched/sched_process_exit} of its last thread
 * to be the leader: pid equal to tid), its parent, exit code and age are read from the task
 * through CO-RE. C twin: {@code benchmarks/src/main/c/tools/exitsnoop.bpf.c}.
 */
public final class ExitSnoop {
    /** The members of {@code struct task_struct} the tool reads. */
    @KernelStruct("task_struct")
    public static final class Task {
        @CName("real_parent") public Task realParent;
        public int tgid;
        /** What {@code wait} reports: the exit status shifted left by 8, or the killing signal. */
        @CName("exit_code") public int exitCode;
        /** When the task started, in {@code CLOCK_MONOTONIC} nanoseconds. */
        @CName("start_time") public long startTime;
    }

    /** One process exit. */
    @BpfStruct
    public static final class Exit {
        public long ageNs;
        public int pid;
        public int ppid;
        public int exitCode;
        @Size(16) public byte[] comm = new byte[16];
    }

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Exit> events;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "sched/sched_process_exit")
    static int exitsnoop(TracepointContext ctx) {
        long id = Bpf.getCurrentPidTgid();
        int pid = (int) (id >>> 32);
        if (pid != (int) id) {
            return 0;
        }
        Task task = Core.currentTask(Task.class);
        Exit e = events.reserve();
        if (e == null) {
            return 0;
        }
        e.pid = pid;
        e.ppid = task.realParent.tgid;
        e.exitCode = task.exitCode;
        e.ageNs = Bpf.ktimeGetNs() - task.startTime;
        Bpf.getCurrentComm(e.comm);
        events.submit(e);
        return 0;
    }

    private ExitSnoop() {}
}
