package org.bpf4j.guide.tailcall;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfProgArray;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Jumps to one program per kind of frame; Java decides which program fills each slot. */
public final class Dispatcher {
    public static final int IPV4 = 0;
    public static final int IPV6 = 1;

    @BpfMap(maxEntries = 2)
    static BpfProgArray handlers;

    /** Frames per slot that reached their handler. */
    @BpfMap(maxEntries = 2)
    static BpfArrayMap<Long> handled;

    @BpfProgram(type = ProgramType.XDP)
    static int dispatch(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null) return XdpAction.DROP;
        if (eth.proto == EthHdr.P_IPV4) handlers.tailCall(ctx, IPV4);   // does not return when the slot is filled
        if (eth.proto == EthHdr.P_IPV6) handlers.tailCall(ctx, IPV6);
        return XdpAction.PASS;                                          // empty slot, or another protocol
    }

    @BpfProgram(type = ProgramType.XDP)
    static int dropIpv4(XdpContext ctx) {
        handled.increment(IPV4);
        return XdpAction.DROP;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int passIpv6(XdpContext ctx) {
        handled.increment(IPV6);
        return XdpAction.PASS;
    }

    private Dispatcher() {}
}
