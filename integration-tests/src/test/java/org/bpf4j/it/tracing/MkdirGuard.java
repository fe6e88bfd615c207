package org.bpf4j.it.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;

/**
 * An LSM program on {@code path_mkdir(const struct path *dir, struct dentry *dentry, umode_t mode)}
 * that refuses, with EPERM, one process's mkdir of one mode (after the umask), unless an earlier
 * program refused it already.
 */
public final class MkdirGuard {
    static final int EPERM = 1;
    /** Permission bits of a mode. */
    static final int PERMISSIONS = 0777;
    /** The process whose mkdirs are checked (set before load). */
    @BpfConfig
    static long tgid;
    /** The permission bits that are refused (set before load). */
    @BpfConfig
    static int deniedMode;
    static long denials;

    @BpfProgram(type = ProgramType.LSM, target = "path_mkdir")
    static int refuseMode(long dir, long dentry, short mode, int verdict) {
        if (verdict != 0) {
            return verdict;
        }
        if (Bpf.getCurrentPidTgid() >>> 32 == tgid && (mode & PERMISSIONS) == deniedMode) {
            denials++;
            return -EPERM;
        }
        return 0;
    }
}
