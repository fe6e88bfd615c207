package org.bpf4j.guide.first;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.BpfPerCpuArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Counts IPv4 packets per protocol and all bytes seen, then lets every packet pass. */
public final class ProtocolCounter {
    /** Packets per IP protocol number (6 TCP, 17 UDP, ...). */
    @BpfMap(maxEntries = 256)
    static BpfHashMap<Integer, Long> packets;

    /** Bytes of every frame, in slot 0; each CPU adds to its own copy, so no CPU waits for another. */
    @BpfMap(maxEntries = 1)
    static BpfPerCpuArrayMap<Long> bytes;

    @BpfProgram(type = ProgramType.XDP)
    static int count(XdpContext ctx) {
        bytes.add(0, ctx.length());
        EthHdr eth = ctx.header(0, EthHdr.class);           // null when the frame is too short
        if (eth == null || eth.proto != EthHdr.P_IPV4) return XdpAction.PASS;
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null) return XdpAction.PASS;
        int protocol = ip.protocol & 0xFF;
        if (!packets.incrementIfPresent(protocol)) {         // lookup or initialise
            packets.put(protocol, 1L);
        }
        return XdpAction.PASS;
    }

    private ProtocolCounter() {}
}
