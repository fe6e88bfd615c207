package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.TracepointContext;
import org.bpf4j.lang.UpdateFlag;

/** Port of tp_sched_switch.bpf.c: count how often each task is switched out. */
public final class TpSchedSwitch {
    /** The sched_switch record, as its tracefs format lays it out. */
    @BpfStruct
    public static final class SchedSwitch {
        public long common;
        @Size(16)
        public byte[] prevComm;
        public int prevPid;
        public int prevPrio;
        public long prevState;
        @Size(16)
        public byte[] nextComm;
        public int nextPid;
        public int nextPrio;
    }

    @BpfMap(maxEntries = 10240)
    static BpfHashMap<Integer, Long> switchesOut;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "sched/sched_switch")
    static int tpSchedSwitch(TracepointContext ctx) {
        int pid = ctx.record(SchedSwitch.class).prevPid;
        if (pid == 0) {
            return 0;
        }
        if (!switchesOut.incrementIfPresent(pid)) {
            switchesOut.put(pid, 1L, UpdateFlag.NO_EXIST);
        }
        return 0;
    }
}
