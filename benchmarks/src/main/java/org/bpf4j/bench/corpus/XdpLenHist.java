package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfPerCpuArrayMap;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_len_hist.bpf.c: a log2 histogram of frame lengths. */
public final class XdpLenHist {
    @BpfMap(maxEntries = 16)
    static BpfPerCpuArrayMap<Long> lenLog2;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpLenHist(XdpContext ctx) {
        int length = ctx.length();
        int slot = 0;
        for (int i = 0; i < 15; i++) {
            if (length >>> (slot + 1) == 0) {
                break;
            }
            slot++;
        }
        lenLog2.increment(slot);
        return XdpAction.PASS;
    }
}
