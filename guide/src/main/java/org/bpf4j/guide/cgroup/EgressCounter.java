package org.bpf4j.guide.cgroup;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.CgroupVerdict;
import org.bpf4j.lang.SkBuffContext;

/** Counts the packets and bytes that the processes of a cgroup send, and lets them all out. */
public final class EgressCounter {
    public static final int PACKETS = 0;
    public static final int BYTES = 1;

    @BpfMap(maxEntries = 2)
    static BpfArrayMap<Long> sent;

    @BpfProgram(type = ProgramType.CGROUP_SKB_EGRESS)
    static int countEgress(SkBuffContext ctx) {
        sent.increment(PACKETS);
        sent.add(BYTES, ctx.len);                           // from the IP header on
        return CgroupVerdict.ALLOW;
    }

    private EgressCounter() {}
}
