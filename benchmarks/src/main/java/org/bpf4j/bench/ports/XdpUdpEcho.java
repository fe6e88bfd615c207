package org.bpf4j.bench.ports;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.UdpHdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_udp_echo.bpf.c: reflect UDP packets to port 7 back to the sender. */
public final class XdpUdpEcho {
    @BpfProgram(type = ProgramType.XDP)
    static int xdpUdpEcho(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null) {
            return XdpAction.PASS;
        }
        if (ip.ihl() != 5 || ip.protocol != IpProto.UDP) {
            return XdpAction.PASS;
        }
        UdpHdr udp = ctx.header(EthHdr.SIZE + Ipv4Hdr.SIZE, UdpHdr.class);
        if (udp == null || udp.dest != 7) {
            return XdpAction.PASS;
        }
        for (int i = 0; i < 6; i++) {
            byte t = eth.source[i];
            eth.source[i] = eth.dest[i];
            eth.dest[i] = t;
        }
        int a = ip.saddr;
        ip.saddr = ip.daddr;
        ip.daddr = a;
        char p = udp.source;
        udp.source = udp.dest;
        udp.dest = p;
        udp.check = 0;
        return XdpAction.TX;
    }
}
