package org.bpf4j.bench.ports;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_pass.bpf.c. */
public final class XdpPass {
    @BpfProgram(type = ProgramType.XDP)
    static int xdpPass(XdpContext ctx) {
        return XdpAction.PASS;
    }
}
