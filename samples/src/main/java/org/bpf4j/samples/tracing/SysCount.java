package org.bpf4j.samples.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.RawTracepointContext;
import org.bpf4j.lang.UpdateFlag;

/**
 * syscount's program: counts system calls by number at the raw tracepoint {@code sys_enter}
 * (argument 1 is the number), for one process or all. C twin:
 * {@code benchmarks/src/main/c/tools/syscount.bpf.c}.
 */
public final class SysCount {
    /** The process to count; 0 counts all. */
    @BpfConfig
    static int targetPid = 0;

    /** Calls by system call number. */
    @BpfMap(maxEntries = 1024)
    static BpfHashMap<Integer, Long> counts;

    @BpfProgram(type = ProgramType.RAW_TRACEPOINT, target = "sys_enter")
    static int syscount(RawTracepointContext ctx) {
        if (targetPid != 0 && (int) (Bpf.getCurrentPidTgid() >>> 32) != targetPid) {
            return 0;
        }
        int nr = (int) ctx.arg(1);
        // the first call of a number creates its entry; a racing first call on another CPU counts on
        if (!counts.incrementIfPresent(nr) && !counts.put(nr, 1L, UpdateFlag.NO_EXIST)) {
            counts.incrementIfPresent(nr);
        }
        return 0;
    }

    private SysCount() {}
}
