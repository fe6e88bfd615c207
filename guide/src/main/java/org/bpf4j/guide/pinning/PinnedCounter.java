package org.bpf4j.guide.pinning;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Counts frames in a map that outlives the JVM that loaded it, once pinned in bpffs. */
public final class PinnedCounter {
    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Long> frames;

    @BpfProgram(type = ProgramType.XDP)
    static int count(XdpContext ctx) {
        frames.increment(0);
        return XdpAction.PASS;
    }

    private PinnedCounter() {}
}
