package org.bpf4j.examples.prometheus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.BpfPerCpuArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** XDP statistics of the three kinds a fleet scrapes: a counter per key, a per-CPU sum, a log2 histogram. */
public final class TrafficStats {
    /** Histogram buckets: bucket b counts frames of 2^b to 2^(b+1) - 1 bytes. */
    public static final int BUCKETS = 16;

    @BpfMap(maxEntries = 256)
    static BpfHashMap<Integer, Long> packets;

    @BpfMap(maxEntries = 1)
    static BpfPerCpuArrayMap<Long> bytes;

    @BpfMap(maxEntries = BUCKETS)
    static BpfArrayMap<Long> sizes;

    @BpfProgram(type = ProgramType.XDP)
    static int observe(XdpContext ctx) {
        int length = ctx.length();
        bytes.add(0, length);
        int bucket = 0;
        for (int b = 1; b < BUCKETS; b++) {
            if ((length >>> b) != 0) bucket = b;            // floor(log2(length)), capped
        }
        sizes.increment(bucket);
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) return XdpAction.PASS;
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null) return XdpAction.PASS;
        int protocol = ip.protocol & 0xFF;
        if (!packets.incrementIfPresent(protocol)) packets.put(protocol, 1L);
        return XdpAction.PASS;
    }

    private TrafficStats() {}
}
