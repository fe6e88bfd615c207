package org.bpf4j.it.lower;

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
    @BpfStruct
    public static final class Event {
        public int pid;
        public int uid;
        public long ts;
        @Size(16)
        public byte[] comm;
    }

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Event> events;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "sched/sched_process_exec")
    static int tpExecEvents(TracepointContext ctx) {
        Event e = events.reserve();
        if (e == null) {
            return 0;
        }
        e.pid = (int) (Bpf.getCurrentPidTgid() >>> 32);
        e.uid = (int) Bpf.getCurrentUidGid();
        e.ts = Bpf.ktimeGetNs();
        Bpf.getCurrentComm(e.comm);
        events.submit(e);
        return 0;
    }
}
