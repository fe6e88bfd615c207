package org.bpf4j.it.lang;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.SkBuffContext;

/** Programs whose packet starts at the network header: a socket filter and a cgroup skb hook. */
public final class NetworkHeaderContexts {
    /** Reads the IPv4 header at offset 0 with skb_load_bytes, as socket filters must. */
    @BpfProgram(type = ProgramType.SOCKET_FILTER)
    static int filter(SkBuffContext ctx) {
        Ipv4Hdr ip = new Ipv4Hdr();
        if (Bpf.skbLoadBytes(ctx, 0, ip) != 0) {
            return -1;
        }
        return (ip.ttl & 0xFF) << 16 ^ (ip.protocol & 0xFF) << 8 ^ ctx.len ^ ctx.protocol << 20;
    }

    /** Reads the IPv4 header at offset 0 directly. */
    @BpfProgram(type = ProgramType.CGROUP_SKB_INGRESS)
    static int ingress(SkBuffContext ctx) {
        Ipv4Hdr ip = ctx.header(0, Ipv4Hdr.class);
        if (ip == null) {
            return 0;
        }
        return ip.ttl == 64 ? 1 : 0;
    }
}
