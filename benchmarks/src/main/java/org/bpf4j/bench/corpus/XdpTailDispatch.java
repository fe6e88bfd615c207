package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfProgArray;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.TcpHdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_tail_dispatch.bpf.c: tail calls into a TCP and a UDP stage by protocol. */
public final class XdpTailDispatch {
    private static final int TCP_STAGE = 0, UDP_STAGE = 1;
    private static final int TELNET = 23;

    @BpfMap(maxEntries = 4)
    static BpfProgArray jumpTable;

    @BpfMap(maxEntries = 2)
    static BpfArrayMap<Long> stagePackets;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpTailDispatch(XdpContext ctx) {
        Ipv4Hdr ip = ipv4(ctx);
        if (ip == null) {
            return XdpAction.PASS;
        }
        if (ip.protocol == IpProto.TCP) {
            jumpTable.tailCall(ctx, TCP_STAGE);
        } else if (ip.protocol == IpProto.UDP) {
            jumpTable.tailCall(ctx, UDP_STAGE);
        }
        return XdpAction.PASS;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int xdpTailTcp(XdpContext ctx) {
        Ipv4Hdr ip = ipv4(ctx);
        if (ip == null) {
            return XdpAction.PASS;
        }
        stagePackets.increment(TCP_STAGE);
        TcpHdr tcp = ctx.header(EthHdr.SIZE + Ipv4Hdr.SIZE, TcpHdr.class);
        if (tcp == null || tcp.dest == TELNET) {
            return XdpAction.DROP;
        }
        return XdpAction.PASS;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int xdpTailUdp(XdpContext ctx) {
        stagePackets.increment(UDP_STAGE);
        return XdpAction.PASS;
    }

    /** The IPv4 header without options, or null. */
    private static Ipv4Hdr ipv4(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return null;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        return ip == null || ip.ihl() != 5 ? null : ip;
    }
}
