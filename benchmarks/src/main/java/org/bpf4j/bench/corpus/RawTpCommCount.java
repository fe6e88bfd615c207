package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.RawTracepointContext;
import org.bpf4j.lang.UpdateFlag;

/** Port of raw_tp_comm_count.bpf.c: system calls per task name, and of tasks named java*. */
public final class RawTpCommCount {
    @BpfStruct
    public static final class CommKey {
        @Size(16)
        public byte[] comm = new byte[16];
    }

    @BpfMap(maxEntries = 1024)
    static BpfHashMap<CommKey, Long> commCalls;

    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Long> javaCalls;

    @BpfProgram(type = ProgramType.RAW_TRACEPOINT, target = "sys_enter")
    static int rawTpCommCount(RawTracepointContext ctx) {
        CommKey key = new CommKey();
        Bpf.getCurrentComm(key.comm);
        if (!commCalls.incrementIfPresent(key)) {
            commCalls.put(key, 1L, UpdateFlag.NO_EXIST);
        }
        byte[] prefix = {'j', 'a', 'v', 'a'};
        for (int i = 0; i < 4; i++) {
            if (key.comm[i] != prefix[i]) {
                return 0;
            }
        }
        javaCalls.increment(0);
        return 0;
    }
}
