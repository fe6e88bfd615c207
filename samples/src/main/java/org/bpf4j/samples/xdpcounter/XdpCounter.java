package org.bpf4j.samples.xdpcounter;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfPerCpuArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.Ipv6Hdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/**
 * XDP program that counts received frames: IPv4 and IPv6 packets by their IP protocol number,
 * everything else (ARP, …) in slot {@link #NON_IP}. It passes every frame on.
 */
public final class XdpCounter {
    /** Slot for frames that are neither IPv4 nor IPv6 (protocol 255 is reserved by IANA). */
    public static final int NON_IP = 255;

    /** Frames per IP protocol number, per CPU. */
    @BpfMap(maxEntries = 256)
    static BpfPerCpuArrayMap<Long> protocols;

    @BpfProgram(type = ProgramType.XDP)
    static int countFrames(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null) {
            return XdpAction.PASS;
        }
        int slot = NON_IP;
        if (eth.proto == EthHdr.P_IPV4) {
            Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
            if (ip != null) {
                slot = ip.protocol & 0xFF;
            }
        } else if (eth.proto == EthHdr.P_IPV6) {
            Ipv6Hdr ip6 = ctx.header(EthHdr.SIZE, Ipv6Hdr.class);
            if (ip6 != null) {
                slot = ip6.nexthdr & 0xFF;
            }
        }
        protocols.increment(slot);
        return XdpAction.PASS;
    }

    private XdpCounter() {}
}
