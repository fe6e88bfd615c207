package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.UdpHdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_lb_hash.bpf.c: hash flows to one of four backends, rewrite the MAC, XDP_TX. */
public final class XdpLbHash {
    @BpfStruct
    public static final class Backend {
        @Size(6)
        public byte[] mac;
    }

    @BpfMap(maxEntries = 4)
    static BpfArrayMap<Backend> backends;

    @BpfMap(maxEntries = 4)
    static BpfArrayMap<Long> backendPackets;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpLbHash(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null || (ip.protocol != IpProto.TCP && ip.protocol != IpProto.UDP)) {
            return XdpAction.PASS;
        }
        UdpHdr ports = ctx.header(EthHdr.SIZE + ip.ihl() * 4, UdpHdr.class);
        if (ports == null) {
            return XdpAction.PASS;
        }
        int h = ip.saddr ^ (ports.source << 16 | ports.dest) ^ ip.protocol;
        h *= 0x9e3779b1;
        h ^= h >>> 16;
        int slot = h & 3;
        Backend backend = backends.get(slot);
        if (backend == null || isZero(backend.mac)) {
            return XdpAction.PASS;
        }
        for (int i = 0; i < 6; i++) {
            eth.source[i] = eth.dest[i];
            eth.dest[i] = backend.mac[i];
        }
        backendPackets.increment(slot);
        return XdpAction.TX;
    }

    private static boolean isZero(byte[] mac) {
        for (byte b : mac) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
