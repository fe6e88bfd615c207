package org.bpf4j.it.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.TracingContext;

/**
 * fentry and fexit on {@code do_unlinkat(int dfd, struct filename *name)}: the calls of one
 * process, the first argument, and in fexit the return value in the slot after the two arguments.
 */
public final class UnlinkTrampolines {
    /** The process whose calls are recorded (set before load). */
    @BpfConfig
    static long tgid;
    static long entries;
    static long lastDirFd;
    static long exits;
    static long lastResult;

    @BpfProgram(type = ProgramType.FENTRY, target = "do_unlinkat")
    static int entry(TracingContext ctx) {
        if (Bpf.getCurrentPidTgid() >>> 32 == tgid) {
            entries++;
            lastDirFd = ctx.arg(0);
        }
        return 0;
    }

    @BpfProgram(type = ProgramType.FEXIT, target = "do_unlinkat")
    static int exit(TracingContext ctx) {
        if (Bpf.getCurrentPidTgid() >>> 32 == tgid) {
            exits++;
            lastResult = ctx.arg(2);
        }
        return 0;
    }
}
