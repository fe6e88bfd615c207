package org.bpf4j.it.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;

/**
 * An fmod_ret program on {@code security_path_chmod(const struct path *path, umode_t mode)} that
 * makes one process's chmod to one mode fail with EPERM: the function is skipped and the
 * program's value returned in its place. Every other call runs the function.
 */
public final class ChmodRefusal {
    static final int EPERM = 1;
    /** Permission bits of a mode. */
    static final int PERMISSIONS = 0777;
    /** The process whose chmods are checked (set before load). */
    @BpfConfig
    static long tgid;
    /** The permission bits that are refused (set before load). */
    @BpfConfig
    static int deniedMode;
    static long calls;
    static long refusals;
    /** What the return slot held at the last call: the value of the fmod_ret programs before this one. */
    static long lastRet = -1;

    @BpfProgram(type = ProgramType.FMOD_RET, target = "security_path_chmod")
    static int refuse(long path, short mode, int ret) {
        if (Bpf.getCurrentPidTgid() >>> 32 != tgid) {
            return 0;
        }
        calls++;
        lastRet = ret;
        if ((mode & PERMISSIONS) == deniedMode) {
            refusals++;
            return -EPERM;
        }
        return 0;
    }
}
