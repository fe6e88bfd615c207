package org.bpf4j.samples.firewall;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/**
 * XDP blocklist firewall: drops IPv4 packets whose source address is in {@link #blocked},
 * counts the drops per source there, and reports each drop through the {@link #drops} ring
 * buffer.
 */
public final class Firewall {
    /** IPv4 source address (host value, as {@code Ipv4.parse} gives it) → packets dropped. */
    @BpfMap(maxEntries = 65_536)
    static BpfHashMap<Integer, Long> blocked;

    /** One record per dropped packet. */
    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<DropEvent> drops;

    /** What the program tells Java about a drop. */
    @BpfStruct
    public static final class DropEvent {
        public int saddr;
        public int daddr;
        public long timeNs;
        public byte protocol;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int filter(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null) {
            return XdpAction.PASS;
        }
        if (!blocked.incrementIfPresent(ip.saddr)) {
            return XdpAction.PASS;
        }
        DropEvent e = drops.reserve();
        if (e != null) {
            e.saddr = ip.saddr;
            e.daddr = ip.daddr;
            e.timeNs = Bpf.ktimeGetNs();
            e.protocol = ip.protocol;
            drops.submit(e);
        }
        return XdpAction.DROP;
    }

    private Firewall() {}
}
