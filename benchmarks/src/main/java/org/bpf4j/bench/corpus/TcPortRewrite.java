package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.TcAction;
import org.bpf4j.lang.TcpHdr;
import org.bpf4j.lang.UdpHdr;

/** Port of tc_port_rewrite.bpf.c: rewrite destination port 8080 to 80. */
public final class TcPortRewrite {
    private static final char FROM = 8080, TO = 80;

    @BpfProgram(type = ProgramType.TC)
    static int tcPortRewrite(SkBuffContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return TcAction.OK;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null || ip.ihl() != 5) {
            return TcAction.OK;
        }
        int l4At = EthHdr.SIZE + Ipv4Hdr.SIZE;
        if (ip.protocol == IpProto.TCP) {
            TcpHdr tcp = ctx.header(l4At, TcpHdr.class);
            if (tcp == null || tcp.dest != FROM) {
                return TcAction.OK;
            }
            tcp.dest = TO;
            tcp.check = replace(tcp.check, FROM, TO);
        } else if (ip.protocol == IpProto.UDP) {
            UdpHdr udp = ctx.header(l4At, UdpHdr.class);
            if (udp == null || udp.dest != FROM) {
                return TcAction.OK;
            }
            udp.dest = TO;
            if (udp.check != 0) {
                udp.check = replace(udp.check, FROM, TO);
            }
        }
        return TcAction.OK;
    }

    /** RFC 1624: the checksum after a 16-bit field changed from {@code from} to {@code to}. */
    private static char replace(char check, char from, char to) {
        int sum = (~check & 0xFFFF) + (~from & 0xFFFF) + to;
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return (char) ~sum;
    }
}
