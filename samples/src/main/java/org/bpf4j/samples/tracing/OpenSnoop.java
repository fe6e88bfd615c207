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
 * opensnoop's programs: the entry of {@code openat} notes the caller's pid, the flags and the path
 * (copied from user memory while the caller's pointer is valid), keyed by thread; the exit adds the
 * return value (a descriptor or a negative errno) and {@code comm} and sends the record. C twin:
 * {@code benchmarks/src/main/c/tools/opensnoop.bpf.c}.
 */
public final class OpenSnoop {
    /** One open, as the tool reports it. */
    @BpfStruct
    public static final class Open {
        public int pid;
        /** openat's {@code flags} ({@code O_*}). */
        public int flags;
        /** The descriptor, or a negative errno. */
        public int ret;
        @Size(16) public byte[] comm = new byte[16];
        @Size(256) public byte[] filename = new byte[256];
    }

    /**
     * Offsets in the syscall tracepoints' records (events/syscalls/.../format in tracefs): openat's
     * arguments {@code dfd, filename, flags, mode} from 16 on, 8 bytes each; the return value at 16.
     */
    static final int FILENAME = 24, FLAGS = 32, RET = 16;

    /** The process to watch; 0 watches all. */
    @BpfConfig
    static int targetPid = 0;

    /** Opens under way, by thread id. */
    @BpfMap(maxEntries = 10240)
    static BpfHashMap<Integer, Open> opens;

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Open> events;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "syscalls/sys_enter_openat")
    static int opensnoopEnter(TracepointContext ctx) {
        long id = Bpf.getCurrentPidTgid();
        int pid = (int) (id >>> 32);
        if (targetPid != 0 && pid != targetPid) {
            return 0;
        }
        Open o = new Open();
        o.pid = pid;
        o.flags = (int) ctx.u64(FLAGS);
        Bpf.probeReadUserStr(o.filename, ctx.u64(FILENAME));
        opens.put((int) id, o);
        return 0;
    }

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "syscalls/sys_exit_openat")
    static int opensnoopExit(TracepointContext ctx) {
        int tid = (int) Bpf.getCurrentPidTgid();
        Open o = opens.get(tid);
        if (o == null) {
            return 0;
        }
        o.ret = (int) ctx.u64(RET);
        Bpf.getCurrentComm(o.comm);
        events.output(o);
        opens.remove(tid);
        return 0;
    }

    private OpenSnoop() {}
}
