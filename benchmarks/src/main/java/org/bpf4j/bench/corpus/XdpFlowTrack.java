package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfLruHashMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.UdpHdr;
import org.bpf4j.lang.UpdateFlag;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_flow_track.bpf.c: packets and bytes per IPv4 5-tuple in an LRU hash. */
public final class XdpFlowTrack {
    /** The 5-tuple as on the wire (network order), padded to 16 bytes as in C. */
    @BpfStruct(networkOrder = true)
    public static final class FlowKey {
        public int saddr;
        public int daddr;
        public char sport;
        public char dport;
        public byte proto;
        @Size(3)
        public byte[] pad = new byte[3];
    }

    @BpfStruct
    public static final class FlowStats {
        public long packets;
        public long bytes;
    }

    @BpfMap(maxEntries = 4096)
    static BpfLruHashMap<FlowKey, FlowStats> flows;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpFlowTrack(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null) {
            return XdpAction.PASS;
        }
        FlowKey key = new FlowKey();
        key.saddr = ip.saddr;
        key.daddr = ip.daddr;
        key.proto = ip.protocol;
        if (ip.protocol == IpProto.TCP || ip.protocol == IpProto.UDP) {
            UdpHdr ports = ctx.header(EthHdr.SIZE + ip.ihl() * 4, UdpHdr.class);
            if (ports == null) {
                return XdpAction.PASS;
            }
            key.sport = ports.source;
            key.dport = ports.dest;
        }
        int length = ctx.length();
        FlowStats stats = flows.get(key);
        if (stats != null) {
            stats.packets++;
            stats.bytes += length;
        } else {
            FlowStats fresh = new FlowStats();
            fresh.packets = 1;
            fresh.bytes = length;
            flows.put(key, fresh, UpdateFlag.NO_EXIST);
        }
        return XdpAction.PASS;
    }
}
