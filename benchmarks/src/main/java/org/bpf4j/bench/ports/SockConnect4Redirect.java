package org.bpf4j.bench.ports;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.SockAddrContext;

/** Port of sock_connect4_redirect.bpf.c: redirect TCP connects to 10.0.0.1:80 to 127.0.0.1:8080. */
public final class SockConnect4Redirect {
    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Long> redirects;

    @BpfProgram(type = ProgramType.CGROUP_CONNECT4)
    static int sockConnect4Redirect(SockAddrContext ctx) {
        if (ctx.userIp4 != 0x0a000001 || ctx.userPort != 80) {
            return 1;
        }
        ctx.userIp4 = 0x7f000001;
        ctx.userPort = 8080;
        redirects.increment(0);
        return 1;
    }
}
