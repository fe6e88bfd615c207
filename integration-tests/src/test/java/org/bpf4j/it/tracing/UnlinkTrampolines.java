package org.bpf4j.it.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.Core;

/**
 * fentry and fexit on {@code do_unlinkat(int dfd, struct filename *name)}: the calls of one
 * process, their arguments as typed parameters (the name read from the BTF-typed
 * {@code struct filename}), and in fexit the return value as the parameter after them.
 */
public final class UnlinkTrampolines {
    /** Only the name stored inline in a {@code struct filename} (names shorter than a page, as here). */
    @KernelStruct("filename")
    public static final class Filename {
        @Size(64) public byte[] iname;
    }

    /** The process whose calls are recorded (set before load). */
    @BpfConfig
    static long tgid;
    static long entries;
    static long lastDirFd;
    @Size(64) static byte[] lastName = new byte[64];
    static long exits;
    static long lastResult;

    @BpfProgram(type = ProgramType.FENTRY, target = "do_unlinkat")
    static int entry(int dfd, Filename name) {
        if (Bpf.getCurrentPidTgid() >>> 32 == tgid) {
            entries++;
            lastDirFd = dfd;
            Core.readString(lastName, name.iname);
        }
        return 0;
    }

    @BpfProgram(type = ProgramType.FEXIT, target = "do_unlinkat")
    static int exit(int dfd, Filename name, int ret) {
        if (Bpf.getCurrentPidTgid() >>> 32 == tgid) {
            exits++;
            lastResult = ret;
        }
        return 0;
    }
}
