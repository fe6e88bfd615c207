package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.VlanHdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_vlan_count.bpf.c: count packets per VLAN id, drop non-IP payloads. */
public final class XdpVlanCount {
    @BpfMap(maxEntries = 4096)
    static BpfArrayMap<Long> vlanPackets;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpVlanCount(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null) {
            return XdpAction.DROP;
        }
        char proto = eth.proto;
        int offset = EthHdr.SIZE;
        int vlanId = 0;
        for (int i = 0; i < 2; i++) {
            if (proto != EthHdr.P_8021Q && proto != EthHdr.P_8021AD) {
                break;
            }
            VlanHdr tag = ctx.header(offset, VlanHdr.class);
            if (tag == null) {
                return XdpAction.DROP;
            }
            vlanId = tag.vlanId();
            proto = tag.encapsulatedProto;
            offset += VlanHdr.SIZE;
        }
        vlanPackets.increment(vlanId);
        return proto == EthHdr.P_IPV4 || proto == EthHdr.P_IPV6 ? XdpAction.PASS : XdpAction.DROP;
    }
}
