package org.bpf4j.it.lang;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Atomics;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** The example of docs/LANGUAGE.md's section on atomics, which {@link FlowStatsKernelTest} runs. */
public final class FlowStats {
    @BpfStruct
    public static final class Stats {
        public long packets;
        public long bytes;
        public int firstLength;
        public int flags;
        @Size(4) public long[] bySize = new long[4];
    }

    @BpfMap(maxEntries = 256)
    static BpfArrayMap<Stats> stats;

    @BpfProgram(type = ProgramType.XDP)
    static int count(XdpContext ctx) {
        Stats s = stats.get(ctx.u8(0));
        if (s == null) {
            return XdpAction.PASS;
        }
        int length = ctx.length();
        Atomics.add(s, "packets", 1);                            // lock add, any ISA level
        long before = Atomics.getAndAdd(s, "bytes", (long) length);
        Atomics.add(s.bySize, Math.min(length / 64, 3), 1);      // an element, bounds-checked
        Atomics.or(s, "flags", 1 << (ctx.u8(1) & 31));
        int first = Atomics.compareAndExchange(s, "firstLength", 0, length);
        return first == 0 && before == 0 ? XdpAction.PASS : XdpAction.DROP;
    }
}
