package org.bpf4j.samples.execlog;

import java.nio.charset.StandardCharsets;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.TracepointContext;

/** Tracepoint {@code sched/sched_process_exec}: one ring buffer record per successful exec. */
public final class ExecLog {
    /**
     * The tracepoint's record as its tracefs {@code format} lays it out; {@code ExecLogDemo}
     * checks it against the running kernel with {@code TracepointFormat.check} before loading.
     */
    @BpfStruct
    public static final class SchedProcessExec {
        /** The common fields (type, flags, preempt count, pid), which programs may not read. */
        public long common;
        /** {@code __data_loc char[] filename}: length << 16 | offset of the path in the record. */
        public int filename;
        /** The process id after the exec. */
        public int pid;
        /** The thread id that called exec (differs from pid when a non-leader thread did). */
        public int oldPid;
    }

    /** One exec. */
    @BpfStruct
    public static final class ExecEvent {
        /** The process id (the tgid) after the exec. */
        public int pid;
        /** The real user id of the process. */
        public int uid;
        /** The command name after the exec, NUL-padded as the kernel keeps it. */
        @Size(16)
        public byte[] comm;

        /** The command name as a string. */
        public String command() {
            int length = 0;
            while (length < comm.length && comm[length] != 0) {
                length++;
            }
            return new String(comm, 0, length, StandardCharsets.UTF_8);
        }
    }

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<ExecEvent> execs;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "sched/sched_process_exec")
    static int logExec(TracepointContext ctx) {
        ExecEvent e = execs.reserve();
        if (e != null) {
            SchedProcessExec record = ctx.record(SchedProcessExec.class);
            e.pid = record.pid;
            e.uid = (int) Bpf.getCurrentUidGid();
            Bpf.getCurrentComm(e.comm);
            execs.submit(e);
        }
        return 0;
    }

    private ExecLog() {}
}
