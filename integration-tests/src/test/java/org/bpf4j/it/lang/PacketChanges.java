package org.bpf4j.it.lang;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.XdpContext;

/** Headers read again, into new variables, after helpers that may move the packet: the form javac accepts. */
public final class PacketChanges {
    /** Rewrites the TTL with skb_store_bytes, then reads the header again. */
    @BpfProgram(type = ProgramType.TC)
    static int storeThenReread(SkBuffContext ctx) {
        Ipv4Hdr ip = ctx.header(14, Ipv4Hdr.class);
        if (ip == null) {
            return -1;
        }
        byte[] ttl = new byte[1];
        ttl[0] = (byte) (ip.ttl + 3);
        Bpf.skbStoreBytes(ctx, 14 + 8, ttl, 0);
        Ipv4Hdr again = ctx.header(14, Ipv4Hdr.class);
        return again == null ? -2 : (again.ttl & 0xFF) << 8 | again.protocol & 0xFF;
    }

    /** Strips the Ethernet header with xdp_adjust_head, then reads the IPv4 header at the new start. */
    @BpfProgram(type = ProgramType.XDP)
    static int adjustThenReread(XdpContext ctx) {
        Ipv4Hdr before = ctx.header(14, Ipv4Hdr.class);
        if (before == null || Bpf.xdpAdjustHead(ctx, 14) != 0) {
            return -1;
        }
        Ipv4Hdr ip = ctx.header(0, Ipv4Hdr.class);
        return ip == null ? -2 : (ip.ttl & 0xFF) << 8 | ctx.length();
    }
}
