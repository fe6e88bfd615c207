package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfFunction;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.UdpHdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_port_class.bpf.c: classify both ports with a BPF-to-BPF function. */
public final class XdpPortClass {
    private static final int WELL_KNOWN = 0, REGISTERED = 1, DYNAMIC = 2, FORBIDDEN = 3;

    @BpfMap(maxEntries = 16)
    static BpfArrayMap<Long> portClasses;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpPortClass(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null || (ip.protocol != IpProto.TCP && ip.protocol != IpProto.UDP)) {
            return XdpAction.PASS;
        }
        UdpHdr ports = ctx.header(EthHdr.SIZE + ip.ihl() * 4, UdpHdr.class);
        if (ports == null) {
            return XdpAction.PASS;
        }
        int source = portClass(ports.source);
        int dest = portClass(ports.dest);
        portClasses.increment(source * 4 + dest);
        return source == FORBIDDEN || dest == FORBIDDEN ? XdpAction.DROP : XdpAction.PASS;
    }

    @BpfFunction
    static int portClass(int port) {
        if (port == 0 || port == 23 || (port >= 135 && port <= 139)) {
            return FORBIDDEN;
        }
        if (port < 1024) {
            return WELL_KNOWN;
        }
        return port < 49152 ? REGISTERED : DYNAMIC;
    }
}
