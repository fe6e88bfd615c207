package org.bpf4j.junit.programs;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.SkBuffContext;

/**
 * A socket filter and a cgroup skb program, whose packet starts at the network header in the
 * kernel: both count frames by IPv4 protocol and TTL.
 */
public final class NetworkHeaderPrograms {
    @BpfMap(maxEntries = 1024)
    static BpfHashMap<Integer, Long> frames;

    /** Keeps all of a frame but UDP, whose first 8 bytes it keeps; reads the header with skb_load_bytes, as socket filters must. */
    @BpfProgram(type = ProgramType.SOCKET_FILTER)
    static int keep(SkBuffContext ctx) {
        Ipv4Hdr ip = new Ipv4Hdr();
        if (Bpf.skbLoadBytes(ctx, 0, ip) != 0) {
            return 0;
        }
        int key = (ip.protocol & 0xFF) | (ip.ttl & 0xFF) << 8 | ctx.protocol << 16;
        Long seen = frames.get(key);
        frames.put(key, seen == null ? 1L : seen + 1);
        return ip.protocol == 17 ? 8 : ctx.len;
    }

    /** Reads the header directly, as cgroup skb programs may; lets through all but TTL 1. */
    @BpfProgram(type = ProgramType.CGROUP_SKB_INGRESS)
    static int ingress(SkBuffContext ctx) {
        Ipv4Hdr ip = ctx.header(0, Ipv4Hdr.class);
        if (ip == null) {
            return 1;
        }
        int key = (ip.protocol & 0xFF) | (ip.ttl & 0xFF) << 8 | 1 << 24;
        Long seen = frames.get(key);
        frames.put(key, seen == null ? 1L : seen + 1);
        return ip.ttl == 1 ? 0 : 1;
    }

    private NetworkHeaderPrograms() {}
}
