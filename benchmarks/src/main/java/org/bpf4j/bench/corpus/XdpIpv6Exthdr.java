package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv6Hdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_ipv6_exthdr.bpf.c: walk IPv6 extension headers to the transport protocol. */
public final class XdpIpv6Exthdr {
    private static final int DSTOPTS = 60;

    /** The first two bytes of every extension header. */
    @BpfStruct
    public static final class ExtHdr {
        public byte nexthdr;
        public byte hdrlen;
    }

    @BpfMap(maxEntries = 256)
    static BpfArrayMap<Long> l4Protocols;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpIpv6Exthdr(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV6) {
            return XdpAction.PASS;
        }
        Ipv6Hdr ip6 = ctx.header(EthHdr.SIZE, Ipv6Hdr.class);
        if (ip6 == null) {
            return XdpAction.PASS;
        }
        int next = ip6.nexthdr & 0xFF;
        int offset = EthHdr.SIZE + Ipv6Hdr.SIZE;
        for (int i = 0; i < 4; i++) {
            if (next == IpProto.FRAGMENT) {
                return XdpAction.DROP;
            }
            if (next != IpProto.HOPOPTS && next != IpProto.ROUTING && next != DSTOPTS) {
                break;
            }
            ExtHdr ext = ctx.header(offset, ExtHdr.class);
            if (ext == null) {
                return XdpAction.DROP;
            }
            next = ext.nexthdr & 0xFF;
            offset += ((ext.hdrlen & 0xFF) + 1) * 8;
        }
        l4Protocols.increment(next);
        return XdpAction.PASS;
    }
}
