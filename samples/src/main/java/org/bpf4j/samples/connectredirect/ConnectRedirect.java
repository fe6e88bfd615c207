package org.bpf4j.samples.connectredirect;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.CgroupVerdict;
import org.bpf4j.lang.SockAddrContext;

/**
 * cgroup/connect4: IPv4 connects from the cgroup to {@link #fromIp}:{@link #fromPort} go to
 * {@link #toIp}:{@link #toPort} instead; {@link #redirects} counts them. Addresses and ports are
 * host values ({@code Ipv4.parse}), set before load.
 */
public final class ConnectRedirect {
    @BpfConfig
    static int fromIp;
    @BpfConfig
    static int fromPort;
    @BpfConfig
    static int toIp;
    @BpfConfig
    static int toPort;

    /** Slot 0: connects redirected. */
    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Long> redirects;

    @BpfProgram(type = ProgramType.CGROUP_CONNECT4)
    static int redirect(SockAddrContext ctx) {
        if (ctx.userIp4 != fromIp || ctx.userPort != fromPort) {
            return CgroupVerdict.ALLOW;
        }
        ctx.userIp4 = toIp;
        ctx.userPort = (char) toPort;
        redirects.increment(0);
        return CgroupVerdict.ALLOW;
    }

    private ConnectRedirect() {}
}
