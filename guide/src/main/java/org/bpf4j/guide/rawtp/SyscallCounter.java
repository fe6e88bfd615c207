package org.bpf4j.guide.rawtp;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.RawTracepointContext;

/** Counts one process's system calls by number, from the raw tracepoint every syscall passes. */
public final class SyscallCounter {
    /** The process to watch, set from Java before load. */
    @BpfConfig
    static int targetPid = 0;

    @BpfMap(maxEntries = 512)
    static BpfHashMap<Integer, Long> calls;

    /** {@code sys_enter(struct pt_regs *regs, long id)}: the raw arguments, {@code arg(1)} is the number. */
    @BpfProgram(type = ProgramType.RAW_TRACEPOINT, target = "sys_enter")
    static int onSysEnter(RawTracepointContext ctx) {
        if ((int) (Bpf.getCurrentPidTgid() >>> 32) != targetPid) return 0;
        int nr = (int) ctx.arg(1);
        if (!calls.incrementIfPresent(nr)) {
            calls.put(nr, 1L);
        }
        return 0;
    }

    private SyscallCounter() {}
}
