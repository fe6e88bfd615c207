package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.TcpHdr;
import org.bpf4j.lang.UdpHdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_snat.bpf.c: source NAT with incremental IP and TCP/UDP checksum updates. */
public final class XdpSnat {
    /** Keyed by the original source as it lies in the packet; addr likewise. */
    @BpfStruct
    public static final class NatEntry {
        public int addr;
        public long packets;
    }

    @BpfMap(maxEntries = 1024)
    static BpfHashMap<Integer, NatEntry> natTable;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpSnat(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null) {
            return XdpAction.PASS;
        }
        NatEntry e = natTable.get(Integer.reverseBytes(ip.saddr));
        if (e == null) {
            return XdpAction.PASS;
        }
        int from = ip.saddr;
        int to = Integer.reverseBytes(e.addr);
        int l4At = EthHdr.SIZE + ip.ihl() * 4;
        if (ip.protocol == IpProto.TCP) {
            TcpHdr tcp = ctx.header(l4At, TcpHdr.class);
            if (tcp == null) {
                return XdpAction.DROP;
            }
            tcp.check = replace(tcp.check, from, to);
        } else if (ip.protocol == IpProto.UDP) {
            UdpHdr udp = ctx.header(l4At, UdpHdr.class);
            if (udp == null) {
                return XdpAction.DROP;
            }
            if (udp.check != 0) {
                udp.check = replace(udp.check, from, to);
            }
        }
        ip.saddr = to;
        ip.check = replace(ip.check, from, to);
        e.packets++;
        return XdpAction.PASS;
    }

    /** RFC 1624: the checksum after a 32-bit field changed from {@code from} to {@code to}. */
    private static char replace(char check, int from, int to) {
        int sum = (~check & 0xFFFF) + (~from & 0xFFFF) + (~from >>> 16) + (to & 0xFFFF) + (to >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return (char) ~sum;
    }
}
