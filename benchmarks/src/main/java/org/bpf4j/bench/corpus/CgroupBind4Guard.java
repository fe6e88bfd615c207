package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.CgroupVerdict;
import org.bpf4j.lang.SockAddrContext;

/** Port of cgroup_bind4_guard.bpf.c: no binding of privileged ports but 80 and 443. */
public final class CgroupBind4Guard {
    @BpfStruct
    public static final class BindRefusals {
        public int lastPort;
        public int count;
    }

    @BpfMap(maxEntries = 1)
    static BpfArrayMap<BindRefusals> bindRefusals;

    @BpfProgram(type = ProgramType.CGROUP_BIND4)
    static int cgroupBind4Guard(SockAddrContext ctx) {
        int port = ctx.userPort;
        if (port == 0 || port >= 1024) {
            return CgroupVerdict.ALLOW;
        }
        switch (port) {
            case 80, 443 -> {
                return CgroupVerdict.ALLOW;
            }
            default -> { }
        }
        BindRefusals refusals = bindRefusals.get(0);
        if (refusals != null) {
            refusals.lastPort = port;
            refusals.count++;
        }
        return CgroupVerdict.DENY;
    }
}
