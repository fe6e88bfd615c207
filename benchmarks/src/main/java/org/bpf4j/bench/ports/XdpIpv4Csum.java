package org.bpf4j.bench.ports;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_ipv4_csum.bpf.c: verify the IPv4 header checksum, drop packets where it is wrong. */
public final class XdpIpv4Csum {
    @BpfMap(maxEntries = 2)
    static BpfArrayMap<Long> csumStats;

    /**
     * The 20-byte IPv4 header as ten 16-bit words, read in host order like the C program's
     * {@code __u16 *}: a ones' complement sum is 0xffff in either byte order.
     */
    @BpfStruct
    public static final class HeaderWords {
        @Size(10)
        public char[] w;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int xdpIpv4Csum(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        HeaderWords ip = ctx.header(EthHdr.SIZE, HeaderWords.class);
        if (ip == null) {
            return XdpAction.PASS;
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += ip.w[i];
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        int k = sum == 0xffff ? 0 : 1;
        csumStats.increment(k);
        return k == 0 ? XdpAction.PASS : XdpAction.DROP;
    }
}
