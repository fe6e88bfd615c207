package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.UdpHdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_payload_scan.bpf.c: drop UDP datagrams with the marker 0xde 0xad early in the payload. */
public final class XdpPayloadScan {
    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Long> markerDrops;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpPayloadScan(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null || ip.ihl() != 5 || ip.protocol != IpProto.UDP) {
            return XdpAction.PASS;
        }
        int payload = EthHdr.SIZE + Ipv4Hdr.SIZE + UdpHdr.SIZE;
        for (int i = 0; i < 32; i++) {
            int second = ctx.u8(payload + i + 1);
            if (second < 0) {
                break;
            }
            if (ctx.u8(payload + i) == 0xde && second == 0xad) {
                markerDrops.increment(0);
                return XdpAction.DROP;
            }
        }
        return XdpAction.PASS;
    }
}
