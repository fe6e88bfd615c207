package org.bpf4j.bench.ports;

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

/** Port of tc_port_filter.bpf.c: drop TCP segments to ports listed in an array-backed set. */
public final class TcPortFilter {
    @BpfMap(maxEntries = 65536)
    static BpfArrayMap<Byte> deniedPorts;

    @BpfProgram(type = ProgramType.TC)
    static int tcPortFilter(SkBuffContext ctx) {
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
        Byte deny = deniedPorts.get(tcp.dest);
        if (deny != null && deny != 0) {
            return TcAction.SHOT;
        }
        return TcAction.OK;
    }
}
