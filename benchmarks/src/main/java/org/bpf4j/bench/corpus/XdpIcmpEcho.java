package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IcmpHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_icmp_echo.bpf.c: answer ICMP echo requests with XDP_TX. */
public final class XdpIcmpEcho {
    @BpfProgram(type = ProgramType.XDP)
    static int xdpIcmpEcho(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null || ip.ihl() != 5 || ip.protocol != IpProto.ICMP) {
            return XdpAction.PASS;
        }
        IcmpHdr icmp = ctx.header(EthHdr.SIZE + Ipv4Hdr.SIZE, IcmpHdr.class);
        if (icmp == null || icmp.type != IcmpHdr.ECHO_REQUEST || icmp.code != 0) {
            return XdpAction.PASS;
        }
        for (int i = 0; i < 6; i++) {
            byte b = eth.source[i];
            eth.source[i] = eth.dest[i];
            eth.dest[i] = b;
        }
        int address = ip.saddr;
        ip.saddr = ip.daddr;
        ip.daddr = address;
        icmp.type = IcmpHdr.ECHO_REPLY;
        // RFC 1624: the type byte went from 8 to 0, so the checksum grows by 0x0800
        int sum = icmp.checksum + (IcmpHdr.ECHO_REQUEST << 8);
        icmp.checksum = (char) (sum + (sum >>> 16));
        return XdpAction.TX;
    }
}
