package org.bpf4j.guide.exec;

import java.nio.charset.StandardCharsets;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.TracepointContext;

/** One ring-buffer record per exec on the machine: the new process's pid and command name. */
public final class ExecTracer {
    /** What the program sends to Java. */
    @BpfStruct
    public static final class Exec {
        public int pid;
        @Size(16)
        public byte[] comm;

        public String command() {
            int n = 0;
            while (n < comm.length && comm[n] != 0) n++;
            return new String(comm, 0, n, StandardCharsets.UTF_8);
        }
    }

    @BpfMap(maxEntries = 256 * 1024)                        // a ring buffer's size in bytes
    static BpfRingBuffer<Exec> execs;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "sched/sched_process_exec")
    static int onExec(TracepointContext ctx) {
        Exec e = execs.reserve();                           // null when the buffer is full
        if (e == null) return 0;
        e.pid = (int) (Bpf.getCurrentPidTgid() >>> 32);     // the upper half is the process id
        Bpf.getCurrentComm(e.comm);
        execs.submit(e);                                    // or discard(e): one of them on every path
        return 0;
    }

    private ExecTracer() {}
}
