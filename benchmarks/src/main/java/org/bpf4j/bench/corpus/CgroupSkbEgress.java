package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.CgroupVerdict;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.UdpHdr;

/** Port of cgroup_skb_egress.bpf.c: bytes per transport protocol, no UDP to the discard port. */
public final class CgroupSkbEgress {
    private static final int DISCARD_PORT = 9;

    @BpfMap(maxEntries = 256)
    static BpfArrayMap<Long> egressBytes;

    @BpfProgram(type = ProgramType.CGROUP_SKB_EGRESS)
    static int cgroupSkbEgress(SkBuffContext ctx) {
        Ipv4Hdr ip = ctx.header(0, Ipv4Hdr.class);
        if (ip == null || ip.version() != 4) {
            return CgroupVerdict.ALLOW;
        }
        int proto = ip.protocol & 0xFF;
        egressBytes.add(proto, Integer.toUnsignedLong(ctx.len));
        if (proto != IpProto.UDP) {
            return CgroupVerdict.ALLOW;
        }
        UdpHdr udp = ctx.header(ip.ihl() * 4, UdpHdr.class);
        if (udp == null) {
            return CgroupVerdict.ALLOW;
        }
        return udp.dest == DISCARD_PORT ? CgroupVerdict.DENY : CgroupVerdict.ALLOW;
    }
}
