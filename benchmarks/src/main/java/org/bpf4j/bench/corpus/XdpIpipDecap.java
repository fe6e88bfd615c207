package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_ipip_decap.bpf.c: strip the outer header of IPv4-in-IPv4. */
public final class XdpIpipDecap {
    private static final int IPIP = 4;

    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Long> decapsulated;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpIpipDecap(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr outer = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (outer == null || outer.ihl() != 5 || outer.protocol != IPIP) {
            return XdpAction.PASS;
        }
        Ipv4Hdr inner = ctx.header(EthHdr.SIZE + Ipv4Hdr.SIZE, Ipv4Hdr.class);
        if (inner == null || inner.version() != 4) {
            return XdpAction.DROP;
        }
        EthHdr saved = new EthHdr();
        for (int i = 0; i < 6; i++) {
            saved.dest[i] = eth.dest[i];
            saved.source[i] = eth.source[i];
        }
        saved.proto = eth.proto;
        if (Bpf.xdpAdjustHead(ctx, Ipv4Hdr.SIZE) != 0) {
            return XdpAction.DROP;
        }
        EthHdr moved = ctx.header(0, EthHdr.class);
        if (moved == null) {
            return XdpAction.DROP;
        }
        for (int i = 0; i < 6; i++) {
            moved.dest[i] = saved.dest[i];
            moved.source[i] = saved.source[i];
        }
        moved.proto = saved.proto;
        decapsulated.increment(0);
        return XdpAction.PASS;
    }
}
