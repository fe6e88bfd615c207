package org.bpf4j.it.usdt;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.UsdtContext;

/**
 * Keeps, per probe site, what a USDT program reads there: every argument, their count and the
 * attacher's cookie. The site is the spec id, which is the BPF cookie of the site's uprobe.
 */
public final class UsdtArgs {
    /** One site: how often it fired and what it passed the last time. */
    @BpfStruct
    public static final class Site {
        public long hits;
        public long cookie;
        public int count;
        public int unused;
        @Size(UsdtContext.MAX_ARGS) public long[] args;
    }

    @BpfMap(maxEntries = 64)
    static BpfArrayMap<Site> sites;

    @BpfProgram(type = ProgramType.USDT)
    static int readArgs(UsdtContext ctx) {
        Site s = sites.get((int) Bpf.getAttachCookie(ctx));
        if (s == null) {
            return 0;
        }
        s.hits++;
        s.cookie = ctx.cookie();
        s.count = ctx.argCount();
        for (int i = 0; i < UsdtContext.MAX_ARGS; i++) {
            s.args[i] = ctx.arg(i);
        }
        return 0;
    }

    private UsdtArgs() {}
}
