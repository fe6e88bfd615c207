package org.bpf4j.it.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.PtRegs;

/**
 * A kprobe and a kretprobe on {@code do_unlinkat(int dfd, struct filename *name)}: the calls of one
 * process, the first argument and the return value as the registers hold them (the test reads
 * them as C ints).
 */
public final class UnlinkProbes {
    /** The process whose calls are recorded (set before load). */
    @BpfConfig
    static long tgid;
    static long entries;
    static long lastDirFd;
    static long returns;
    static long lastResult;

    @BpfProgram(type = ProgramType.KPROBE, target = "do_unlinkat")
    static int entry(PtRegs regs) {
        if (Bpf.getCurrentPidTgid() >>> 32 == tgid) {
            entries++;
            lastDirFd = regs.arg(0);
        }
        return 0;
    }

    @BpfProgram(type = ProgramType.KRETPROBE, target = "do_unlinkat")
    static int exit(PtRegs regs) {
        if (Bpf.getCurrentPidTgid() >>> 32 == tgid) {
            returns++;
            lastResult = regs.ret();
        }
        return 0;
    }
}
