package org.bpf4j.bench.ports;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_blocklist.bpf.c: drop IPv4 packets whose source is blocked, counting drops. */
public final class XdpBlocklist {
    /** Keyed by the source address as it lies in the packet (network order), like the C map. */
    @BpfMap(maxEntries = 65536)
    static BpfHashMap<Integer, Long> blocked;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpBlocklist(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null) {
            return XdpAction.PASS;
        }
        return blocked.incrementIfPresent(Integer.reverseBytes(ip.saddr)) ? XdpAction.DROP : XdpAction.PASS;
    }
}
