package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_rate_limit.bpf.c: a packet budget per IPv4 source. */
public final class XdpRateLimit {
    @BpfStruct
    public static final class SourceState {
        public int passed;
        public int dropped;
    }

    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Integer> rateConfig;

    /** Keyed by the source address as it lies in the packet. */
    @BpfMap(maxEntries = 16384)
    static BpfHashMap<Integer, SourceState> rateState;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpRateLimit(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null) {
            return XdpAction.PASS;
        }
        Integer limit = rateConfig.get(0);
        if (limit == null) {
            return XdpAction.PASS;
        }
        int source = Integer.reverseBytes(ip.saddr);
        SourceState state = rateState.get(source);
        if (state == null) {
            SourceState fresh = new SourceState();
            fresh.passed = 1;
            rateState.put(source, fresh);
            return XdpAction.PASS;
        }
        if (Integer.compareUnsigned(state.passed, limit) >= 0) {
            state.dropped++;
            return XdpAction.DROP;
        }
        state.passed++;
        return XdpAction.PASS;
    }
}
