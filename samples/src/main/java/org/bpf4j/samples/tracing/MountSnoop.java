package org.bpf4j.samples.tracing;

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
 * mountsnoop's programs: the entry of {@code mount} copies its source, target and file system
 * type from user memory and keeps them with the flags by thread; the exit adds the return value
 * and {@code comm} and sends the record. C twin: {@code benchmarks/src/main/c/tools/mountsnoop.bpf.c}.
 */
public final class MountSnoop {
    /** One mount call, as the tool reports it. */
    @BpfStruct
    public static final class Mount {
        public long flags;
        public int pid;
        public int tid;
        /** The return value: 0, or a negative errno. */
        public int ret;
        @Size(16) public byte[] comm = new byte[16];
        @Size(16) public byte[] fstype = new byte[16];
        @Size(64) public byte[] source = new byte[64];
        @Size(128) public byte[] target = new byte[128];
    }

    /**
     * Offsets in the syscall tracepoints' records (events/syscalls/.../format in tracefs): mount's
     * arguments {@code dev_name, dir_name, type, flags, data} from 16 on, 8 bytes each; the return value at 16.
     */
    static final int SOURCE = 16, TARGET = 24, TYPE = 32, FLAGS = 40, RET = 16;

    /** Mounts under way, by thread id. */
    @BpfMap(maxEntries = 10240)
    static BpfHashMap<Integer, Mount> mounts;

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Mount> events;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "syscalls/sys_enter_mount")
    static int mountsnoopEnter(TracepointContext ctx) {
        long id = Bpf.getCurrentPidTgid();
        Mount m = new Mount();
        m.pid = (int) (id >>> 32);
        m.tid = (int) id;
        m.flags = ctx.u64(FLAGS);
        Bpf.probeReadUserStr(m.source, ctx.u64(SOURCE));
        Bpf.probeReadUserStr(m.target, ctx.u64(TARGET));
        Bpf.probeReadUserStr(m.fstype, ctx.u64(TYPE));
        mounts.put(m.tid, m);
        return 0;
    }

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "syscalls/sys_exit_mount")
    static int mountsnoopExit(TracepointContext ctx) {
        int tid = (int) Bpf.getCurrentPidTgid();
        Mount m = mounts.get(tid);
        if (m == null) {
            return 0;
        }
        m.ret = (int) ctx.u64(RET);
        Bpf.getCurrentComm(m.comm);
        events.output(m);
        mounts.remove(tid);
        return 0;
    }

    private MountSnoop() {}
}
