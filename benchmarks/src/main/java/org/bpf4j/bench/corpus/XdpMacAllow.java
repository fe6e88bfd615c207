package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_mac_allow.bpf.c: admit only frames from allowed source MACs. */
public final class XdpMacAllow {
    @BpfStruct
    public static final class MacKey {
        @Size(6)
        public byte[] addr = new byte[6];
    }

    @BpfMap(maxEntries = 256)
    static BpfHashMap<MacKey, Long> macAllow;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpMacAllow(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null) {
            return XdpAction.DROP;
        }
        MacKey key = new MacKey();
        for (int i = 0; i < 6; i++) {
            key.addr[i] = eth.source[i];
        }
        return macAllow.incrementIfPresent(key) ? XdpAction.PASS : XdpAction.DROP;
    }
}
