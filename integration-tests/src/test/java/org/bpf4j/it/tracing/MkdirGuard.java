package org.bpf4j.it.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.TracingContext;

/**
 * An LSM program on {@code path_mkdir(const struct path *dir, struct dentry *dentry, umode_t mode)}
 * that refuses, with EPERM, one process's mkdir of one mode (after the umask).
 */
public final class MkdirGuard {
    static final int EPERM = 1;
    /** Permission bits of a mode. */
    static final long PERMISSIONS = 0777;
    /** The process whose mkdirs are checked (set before load). */
    @BpfConfig
    static long tgid;
    /** The permission bits that are refused (set before load). */
    @BpfConfig
    static long deniedMode;
    static long denials;

    @BpfProgram(type = ProgramType.LSM, target = "path_mkdir")
    static int refuseMode(TracingContext ctx) {
        if (Bpf.getCurrentPidTgid() >>> 32 == tgid && (ctx.arg(2) & PERMISSIONS) == deniedMode) {
            denials++;
            return -EPERM;
        }
        return 0;
    }
}
