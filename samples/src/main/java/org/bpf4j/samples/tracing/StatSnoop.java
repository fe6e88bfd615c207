package org.bpf4j.samples.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.TracepointContext;

/**
 * statsnoop's programs, on {@code newfstatat} (glibc's {@code stat}, {@code lstat} and
 * {@code fstatat}) and {@code statx}: the entry notes the caller's path pointer, keyed by thread;
 * the exit reads the path from user memory and sends it with the caller's pid, the return value (0
 * or a negative errno) and {@code comm}. C twin: {@code benchmarks/src/main/c/tools/statsnoop.bpf.c}.
 */
public final class StatSnoop {
    /** One stat call, as the tool reports it. */
    @BpfStruct
    public static final class Stat {
        public int pid;
        /** 0, or a negative errno. */
        public int ret;
        @Size(16) public byte[] comm = new byte[16];
        @Size(256) public byte[] pathname = new byte[256];
    }

    /**
     * Offsets in the syscall tracepoints' records (events/syscalls/.../format in tracefs): both
     * calls take {@code dfd, filename, ...} from 16 on, 8 bytes each; the return value at 16.
     */
    static final int PATHNAME = 24, RET = 16;

    /** The process to watch; 0 watches all. */
    @BpfConfig
    static int targetPid = 0;

    /** The path pointers of the calls under way, by thread id. */
    @BpfMap(maxEntries = 10240)
    static BpfHashMap<Integer, Long> paths;

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Stat> events;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "syscalls/sys_enter_newfstatat")
    static int fstatatEnter(TracepointContext ctx) {
        return enter(ctx);
    }

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "syscalls/sys_exit_newfstatat")
    static int fstatatExit(TracepointContext ctx) {
        return exit(ctx);
    }

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "syscalls/sys_enter_statx")
    static int statxEnter(TracepointContext ctx) {
        return enter(ctx);
    }

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "syscalls/sys_exit_statx")
    static int statxExit(TracepointContext ctx) {
        return exit(ctx);
    }

    private static int enter(TracepointContext ctx) {
        long id = Bpf.getCurrentPidTgid();
        if (targetPid != 0 && (int) (id >>> 32) != targetPid) {
            return 0;
        }
        paths.put((int) id, ctx.u64(PATHNAME));
        return 0;
    }

    private static int exit(TracepointContext ctx) {
        long id = Bpf.getCurrentPidTgid();
        int tid = (int) id;
        Long path = paths.get(tid);
        if (path == null) {
            return 0;
        }
        Stat s = new Stat();
        s.pid = (int) (id >>> 32);
        s.ret = (int) ctx.u64(RET);
        Bpf.getCurrentComm(s.comm);
        Bpf.probeReadUserStr(s.pathname, path);
        events.output(s);
        paths.remove(tid);
        return 0;
    }

    private StatSnoop() {}
}
