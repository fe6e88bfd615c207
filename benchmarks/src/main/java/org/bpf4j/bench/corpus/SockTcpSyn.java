package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.SocketFilter;
import org.bpf4j.lang.TcpHdr;

/** Port of sock_tcp_syn.bpf.c: a socket filter that keeps IPv4 TCP SYNs only. */
public final class SockTcpSyn {
    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Long> synsKept;

    @BpfProgram(type = ProgramType.SOCKET_FILTER)
    static int sockTcpSyn(SkBuffContext ctx) {
        Ipv4Hdr ip = new Ipv4Hdr();
        if (Bpf.skbLoadBytes(ctx, 0, ip) != 0 || ip.version() != 4 || ip.protocol != IpProto.TCP) {
            return SocketFilter.DROP;
        }
        TcpHdr tcp = new TcpHdr();
        if (Bpf.skbLoadBytes(ctx, ip.ihl() * 4, tcp) != 0 || !tcp.syn() || tcp.ack()) {
            return SocketFilter.DROP;
        }
        synsKept.increment(0);
        return ctx.len;
    }
}
