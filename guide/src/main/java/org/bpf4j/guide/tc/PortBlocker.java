package org.bpf4j.guide.tc;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.TcAction;
import org.bpf4j.lang.UdpHdr;

/** A tc filter that drops UDP datagrams to one port, chosen from Java before the program loads. */
public final class PortBlocker {
    @BpfConfig
    static int blockedPort = 53;

    @BpfProgram(type = ProgramType.TC)
    static int filter(SkBuffContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) return TcAction.OK;
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null || ip.protocol != IpProto.UDP) return TcAction.OK;
        UdpHdr udp = ctx.header(EthHdr.SIZE + Ipv4Hdr.SIZE, UdpHdr.class);   // no IP options assumed
        if (udp == null) return TcAction.OK;
        return udp.dest == blockedPort ? TcAction.SHOT : TcAction.OK;
    }

    private PortBlocker() {}
}
