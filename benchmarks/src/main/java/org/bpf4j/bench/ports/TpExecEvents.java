package org.bpf4j.bench.ports;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.TracepointContext;

/** Port of tp_exec_events.bpf.c: send pid, uid, time and comm of every exec to a ring buffer. */
public final class TpExecEvents {
    /** C {@code struct event { __u32 pid; __u32 uid; __u64 ts; char comm[16]; }}: 32 bytes. */
    @BpfStruct
    public static final class ExecEvent {
        public int pid;
        public int uid;
        public long ts;
        @Size(16)
        public byte[] comm;
    }

    /** 256 KiB, as in the C program. */
    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<ExecEvent> events;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "sched/sched_process_exec")
    static int tpExecEvents(TracepointContext ctx) {
        ExecEvent e = events.reserve();
        if (e != null) {
            e.pid = (int) (Bpf.getCurrentPidTgid() >>> 32);
            e.uid = (int) Bpf.getCurrentUidGid();
            e.ts = Bpf.ktimeGetNs();
            Bpf.getCurrentComm(e.comm);
            events.submit(e);
        }
        return 0;
    }
}
