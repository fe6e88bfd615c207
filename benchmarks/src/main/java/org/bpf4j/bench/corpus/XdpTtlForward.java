package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_ttl_forward.bpf.c: drop expiring packets, decrement the TTL of the others. */
public final class XdpTtlForward {
    private static final int FORWARDED = 0, EXPIRED = 1;

    @BpfMap(maxEntries = 2)
    static BpfArrayMap<Long> ttlStats;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpTtlForward(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null) {
            return XdpAction.PASS;
        }
        int ttl = ip.ttl & 0xFF;
        if (ttl <= 1) {
            ttlStats.increment(EXPIRED);
            return XdpAction.DROP;
        }
        ttlStats.increment(FORWARDED);
        // the TTL is the high byte of its 16-bit word: one less there is 0x0100 more in the checksum
        int check = ip.check + 0x0100;
        ip.check = (char) (check + (check >>> 16));
        ip.ttl = (byte) (ttl - 1);
        return XdpAction.TX;
    }
}
