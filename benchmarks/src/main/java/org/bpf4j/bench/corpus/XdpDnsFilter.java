package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.UdpHdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_dns_filter.bpf.c: count DNS queries and responses, drop malformed queries. */
public final class XdpDnsFilter {
    private static final int QUERIES = 0, RESPONSES = 1, MALFORMED = 2;

    @BpfStruct(networkOrder = true)
    public static final class DnsHdr {
        public static final int SIZE = 12;
        public char id;
        public char flags;
        public char qdcount;
        public char ancount;
        public char nscount;
        public char arcount;
    }

    @BpfMap(maxEntries = 3)
    static BpfArrayMap<Long> dnsStats;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpDnsFilter(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null || ip.protocol != IpProto.UDP) {
            return XdpAction.PASS;
        }
        int udpAt = EthHdr.SIZE + ip.ihl() * 4;
        UdpHdr udp = ctx.header(udpAt, UdpHdr.class);
        if (udp == null || (udp.dest != 53 && udp.source != 53)) {
            return XdpAction.PASS;
        }
        DnsHdr dns = ctx.header(udpAt + UdpHdr.SIZE, DnsHdr.class);
        if (dns == null) {
            return count(MALFORMED, XdpAction.DROP);
        }
        if ((dns.flags & 0x8000) != 0) {
            return count(RESPONSES, XdpAction.PASS);
        }
        int opcode = dns.flags >> 11 & 0xF;
        if (opcode != 0 || dns.qdcount != 1) {
            return count(MALFORMED, XdpAction.DROP);
        }
        int label = ctx.u8(udpAt + UdpHdr.SIZE + DnsHdr.SIZE);
        if (label <= 0 || label > 63) {
            return count(MALFORMED, XdpAction.DROP);
        }
        return count(QUERIES, XdpAction.PASS);
    }

    private static int count(int kind, int verdict) {
        dnsStats.increment(kind);
        return verdict;
    }
}
