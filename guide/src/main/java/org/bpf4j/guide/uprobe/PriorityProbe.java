package org.bpf4j.guide.uprobe;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.PtRegs;

/** A uprobe on libc's {@code getpriority(int which, id_t who)}: counts calls per pair of arguments. */
public final class PriorityProbe {
    /** Calls per {@code which << 32 | who}. */
    @BpfMap(maxEntries = 1024)
    static BpfHashMap<Long, Long> calls;

    @BpfProgram(type = ProgramType.UPROBE)
    static int onGetpriority(PtRegs ctx) {
        long which = ctx.arg(0);                            // the first two argument registers
        long who = ctx.arg(1) & 0xFFFF_FFFFL;
        long key = which << 32 | who;
        if (!calls.incrementIfPresent(key)) {
            calls.put(key, 1L);
        }
        return 0;
    }

    /** The map key for one pair of arguments. */
    public static long key(int which, int who) {
        return (long) which << 32 | (who & 0xFFFF_FFFFL);
    }

    private PriorityProbe() {}
}
