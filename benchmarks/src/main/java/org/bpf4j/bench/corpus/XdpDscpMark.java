package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.UdpHdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_dscp_mark.bpf.c: set the DSCP configured for the destination port. */
public final class XdpDscpMark {
    @BpfMap(maxEntries = 64)
    static BpfHashMap<Integer, Byte> dscpByPort;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpDscpMark(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null || (ip.protocol != IpProto.TCP && ip.protocol != IpProto.UDP)) {
            return XdpAction.PASS;
        }
        // TCP and UDP both start with the two ports
        UdpHdr ports = ctx.header(EthHdr.SIZE + ip.ihl() * 4, UdpHdr.class);
        if (ports == null) {
            return XdpAction.PASS;
        }
        Byte dscp = dscpByPort.get((int) ports.dest);
        if (dscp == null) {
            return XdpAction.PASS;
        }
        int oldTos = ip.tos & 0xFF;
        int newTos = (dscp << 2 | oldTos & 3) & 0xFF;
        if (newTos == oldTos) {
            return XdpAction.PASS;
        }
        int versionIhl = (ip.versionIhl & 0xFF) << 8;
        ip.tos = (byte) newTos;
        int sum = (~ip.check & 0xFFFF) + (~(versionIhl | oldTos) & 0xFFFF) + (versionIhl | newTos);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        ip.check = (char) ~sum;
        return XdpAction.PASS;
    }
}
