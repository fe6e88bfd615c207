package org.bpf4j.samples.usdt;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.UsdtContext;

/**
 * One record per firing of whichever USDT probe the tool attaches to: the program has no
 * target of its own, since the probe is known only at run time, and it reads every argument
 * slot, since it does not know how many the probe has (the site's spec says: {@code argCount()}).
 */
public final class UsdtTrace {
    /** One firing. */
    @BpfStruct
    public static final class Firing {
        public long timeNs;
        public int pid;
        public int count;
        /** The arguments as 64-bit values, sign- or zero-extended from their sizes; 0 past {@link #count}. */
        @Size(UsdtContext.MAX_ARGS) public long[] args;
    }

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Firing> firings;

    @BpfProgram(type = ProgramType.USDT)
    static int fire(UsdtContext ctx) {
        Firing f = firings.reserve();
        if (f == null) {
            return 0;
        }
        f.timeNs = Bpf.ktimeGetNs();
        f.pid = (int) (Bpf.getCurrentPidTgid() >>> 32);
        f.count = ctx.argCount();
        for (int i = 0; i < UsdtContext.MAX_ARGS; i++) {
            f.args[i] = ctx.arg(i);
        }
        firings.submit(f);
        return 0;
    }

    private UsdtTrace() {}
}
