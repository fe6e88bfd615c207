package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.CgroupVerdict;
import org.bpf4j.lang.IpProto;
import org.bpf4j.lang.SockAddrContext;
import org.bpf4j.lang.UpdateFlag;

/** Port of cgroup_connect4_policy.bpf.c: no telnet or SMTP connects except to loopback. */
public final class CgroupConnect4Policy {
    @BpfMap(maxEntries = 16)
    static BpfHashMap<Integer, Long> connectDenied;

    @BpfProgram(type = ProgramType.CGROUP_CONNECT4)
    static int cgroupConnect4Policy(SockAddrContext ctx) {
        if (ctx.protocol != IpProto.TCP) {
            return CgroupVerdict.ALLOW;
        }
        int port = ctx.userPort;
        if (port != 23 && port != 25) {
            return CgroupVerdict.ALLOW;
        }
        if (ctx.userIp4 >>> 24 == 127) {
            return CgroupVerdict.ALLOW;
        }
        if (!connectDenied.incrementIfPresent(port)) {
            connectDenied.put(port, 1L, UpdateFlag.NO_EXIST);
        }
        return CgroupVerdict.DENY;
    }
}
