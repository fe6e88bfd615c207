package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.CgroupVerdict;
import org.bpf4j.lang.SockContext;

/** Port of cgroup_sock_create.bpf.c: refuse raw IPv4 and IPv6 sockets. */
public final class CgroupSockCreate {
    private static final int AF_INET = 2, AF_INET6 = 10, SOCK_RAW = 3;

    @BpfMap(maxEntries = 2)
    static BpfArrayMap<Long> rawRefused;

    @BpfProgram(type = ProgramType.CGROUP_SOCK)
    static int cgroupSockCreate(SockContext ctx) {
        if (ctx.type != SOCK_RAW) {
            return CgroupVerdict.ALLOW;
        }
        int family;
        if (ctx.family == AF_INET) {
            family = 0;
        } else if (ctx.family == AF_INET6) {
            family = 1;
        } else {
            return CgroupVerdict.ALLOW;
        }
        rawRefused.increment(family);
        return CgroupVerdict.DENY;
    }
}
