package org.bpf4j.samples.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.TracepointContext;

/**
 * sigsnoop's program: every signal the kernel generates ({@code signal/signal_generate}), with
 * the sender, the target and what became of it. C twin:
 * {@code benchmarks/src/main/c/tools/sigsnoop.bpf.c}.
 */
public final class SigSnoop {
    /** {@code signal/signal_generate}'s record, as events/signal/signal_generate/format lays it out. */
    @BpfStruct
    public static final class SignalGenerate {
        public long common;
        public int sig;
        public int errno;
        public int code;
        /** The target's command name. */
        @Size(16) public byte[] comm;
        /** The target thread. */
        public int pid;
        public int group;
        /** 0 delivered, 1 ignored, 2 already pending, 3 overflow, 4 lost info. */
        public int result;
    }

    /** One signal, as the tool reports it. */
    @BpfStruct
    public static final class Signal {
        public int pid;
        public int targetPid;
        public int sig;
        public int result;
        @Size(16) public byte[] comm = new byte[16];
    }

    /** The sending process to watch; 0 watches all. */
    @BpfConfig
    static int targetPid = 0;

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Signal> events;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "signal/signal_generate")
    static int sigsnoop(TracepointContext ctx) {
        int pid = (int) (Bpf.getCurrentPidTgid() >>> 32);
        if (targetPid != 0 && pid != targetPid) {
            return 0;
        }
        SignalGenerate record = ctx.record(SignalGenerate.class);
        Signal s = events.reserve();
        if (s == null) {
            return 0;
        }
        s.pid = pid;
        s.targetPid = record.pid;
        s.sig = record.sig;
        s.result = record.result;
        Bpf.getCurrentComm(s.comm);
        events.submit(s);
        return 0;
    }

    private SigSnoop() {}
}
