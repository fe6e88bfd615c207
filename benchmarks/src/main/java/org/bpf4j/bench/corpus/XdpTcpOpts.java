package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.TcpHdr;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_tcp_opts.bpf.c: read MSS and window scale from the options of TCP SYNs. */
public final class XdpTcpOpts {
    private static final int EOL = 0, NOP = 1, MSS = 2, WINDOW_SCALE = 3;

    @BpfStruct
    public static final class TcpOptStats {
        public int mss;
        public int wscale;
        public long syns;
    }

    @BpfMap(maxEntries = 1)
    static BpfArrayMap<TcpOptStats> tcpOptStats;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpTcpOpts(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null || ip.ihl() != 5 || ip.protocol != IpProto.TCP) {
            return XdpAction.PASS;
        }
        int tcpAt = EthHdr.SIZE + Ipv4Hdr.SIZE;
        TcpHdr tcp = ctx.header(tcpAt, TcpHdr.class);
        if (tcp == null || !tcp.syn()) {
            return XdpAction.PASS;
        }
        if (tcp.doff() < 5) {
            return XdpAction.DROP;
        }
        int optionsAt = tcpAt + TcpHdr.SIZE;
        int length = tcp.doff() * 4 - TcpHdr.SIZE;
        int mss = 0, wscale = 0, i = 0;
        for (int n = 0; n < 10; n++) {
            if (i >= length) {
                break;
            }
            int kind = ctx.u8(optionsAt + i);
            if (kind < 0 || kind == EOL) {
                break;
            }
            if (kind == NOP) {
                i++;
                continue;
            }
            int len = ctx.u8(optionsAt + i + 1);
            if (len < 2) {
                break;
            }
            if (kind == MSS && len == 4) {
                int value = ctx.u16(optionsAt + i + 2);
                if (value < 0) {
                    break;
                }
                mss = value;
            } else if (kind == WINDOW_SCALE && len == 3) {
                int value = ctx.u8(optionsAt + i + 2);
                if (value < 0) {
                    break;
                }
                wscale = value;
            }
            i += len;
        }
        TcpOptStats stats = tcpOptStats.get(0);
        if (stats != null) {
            if (mss != 0) {
                stats.mss = mss;
            }
            stats.wscale = wscale;
            stats.syns++;
        }
        return mss != 0 && mss < 536 ? XdpAction.DROP : XdpAction.PASS;
    }
}
