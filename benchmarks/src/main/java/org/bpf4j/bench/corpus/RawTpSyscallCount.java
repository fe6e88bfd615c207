package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfPerCpuArrayMap;
import org.bpf4j.lang.RawTracepointContext;

/** Port of raw_tp_syscall_count.bpf.c: count system calls by number. */
public final class RawTpSyscallCount {
    private static final int LAST = 511;

    @BpfMap(maxEntries = 512)
    static BpfPerCpuArrayMap<Long> syscalls;

    @BpfProgram(type = ProgramType.RAW_TRACEPOINT, target = "sys_enter")
    static int rawTpSyscallCount(RawTracepointContext ctx) {
        long nr = ctx.arg(1);
        int slot = Long.compareUnsigned(nr, LAST) < 0 ? (int) nr : LAST;
        syscalls.increment(slot);
        return 0;
    }
}
