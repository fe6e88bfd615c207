package org.bpf4j.guide.packets;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Sends every frame back where it came from: swaps the MAC addresses and counts the bytes reflected. */
public final class Reflector {
    /** Slot 0: bytes reflected, added atomically by every CPU. */
    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Long> reflected;

    @BpfProgram(type = ProgramType.XDP)
    static int reflect(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null) return XdpAction.DROP;
        byte[] saved = new byte[6];                         // a copy on the BPF stack
        for (int i = 0; i < 6; i++) {
            saved[i] = eth.dest[i];
            eth.dest[i] = eth.source[i];                    // writes go to the packet
            eth.source[i] = saved[i];
        }
        reflected.add(0, ctx.length());                     // an atomic add in the kernel
        return XdpAction.TX;
    }

    private Reflector() {}
}
