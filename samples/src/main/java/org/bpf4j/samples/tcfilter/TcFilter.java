package org.bpf4j.samples.tcfilter;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.TcAction;
import org.bpf4j.lang.TcpHdr;

/**
 * tc ingress filter: drops IPv4 TCP segments whose destination port is marked in
 * {@link #deniedPorts} and counts them per port in {@link #drops}; everything else passes.
 */
public final class TcFilter {
    /** Destination port → non-zero when denied (an array indexed by port is the cheapest set). */
    @BpfMap(maxEntries = 65_536)
    static BpfArrayMap<Byte> deniedPorts;

    /** Destination port → segments dropped. */
    @BpfMap(maxEntries = 65_536)
    static BpfArrayMap<Long> drops;

    @BpfProgram(type = ProgramType.TC)
    static int filter(SkBuffContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return TcAction.OK;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null || ip.protocol != IpProto.TCP) {
            return TcAction.OK;
        }
        TcpHdr tcp = ctx.header(EthHdr.SIZE + ip.ihl() * 4, TcpHdr.class);
        if (tcp == null) {
            return TcAction.OK;
        }
        Byte denied = deniedPorts.get(tcp.dest);
        if (denied == null || denied == 0) {
            return TcAction.OK;
        }
        drops.increment(tcp.dest);
        return TcAction.SHOT;
    }

    private TcFilter() {}
}
