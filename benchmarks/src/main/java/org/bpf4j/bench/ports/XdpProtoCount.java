package org.bpf4j.bench.ports;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfPerCpuArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.Ipv6Hdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_proto_count.bpf.c: count packets per IP protocol (IPv4 and IPv6). */
public final class XdpProtoCount {
    @BpfMap(maxEntries = 256)
    static BpfPerCpuArrayMap<Long> protoCount;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpProtoCount(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null) {
            return XdpAction.PASS;
        }
        int proto;
        if (eth.proto == EthHdr.P_IPV4) {
            Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
            if (ip == null) {
                return XdpAction.PASS;
            }
            proto = ip.protocol & 0xFF;
        } else if (eth.proto == EthHdr.P_IPV6) {
            Ipv6Hdr ip6 = ctx.header(EthHdr.SIZE, Ipv6Hdr.class);
            if (ip6 == null) {
                return XdpAction.PASS;
            }
            proto = ip6.nexthdr & 0xFF;
        } else {
            return XdpAction.PASS;
        }
        protoCount.increment(proto);
        return XdpAction.PASS;
    }
}
