package org.bpf4j.it.lower;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.XdpContext;

/** Compiles, but calls a GPL-only helper under a proprietary license, which only the kernel checks. */
public final class GplOnly {
    @BpfProgram(type = ProgramType.XDP, license = "Proprietary")
    static int trace(XdpContext ctx) {
        int index = ctx.ingressIfindex;
        Bpf.tracePrintk("ifindex %d\n", index);
        return 2;
    }
}
