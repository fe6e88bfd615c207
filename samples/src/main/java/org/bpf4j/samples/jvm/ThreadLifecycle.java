package org.bpf4j.samples.jvm;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.UsdtContext;

/**
 * HotSpot's {@code hotspot:thread__start} and {@code thread__stop}, which a Java thread passes
 * when it starts running and when it exits (always, without extended probes): one record each.
 * Both probes pass {@code (name, length, java thread id, native thread id, daemon)}.
 */
public final class ThreadLifecycle {
    public static final String START = "libjvm.so:hotspot:thread__start";
    public static final String STOP = "libjvm.so:hotspot:thread__stop";

    /** One start or stop. */
    @BpfStruct
    public static final class Event {
        public long timeNs;
        /** {@code Thread.getId()} of the thread. */
        public long javaId;
        /** The kernel's thread id, as {@code ps -L} shows it. */
        public long nativeId;
        /** 1 for a start, 0 for a stop. */
        public int started;
        public int daemon;
        public int nameLength;
        public int unused;
        @Size(64) public byte[] name;

        /** The thread's name, truncated to 64 bytes. */
        public String threadName() {
            return ProbeStrings.decode(name, nameLength);
        }
    }

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Event> events;

    @BpfProgram(type = ProgramType.USDT, target = START)
    static int threadStart(UsdtContext ctx) {
        return record(ctx, 1);
    }

    @BpfProgram(type = ProgramType.USDT, target = STOP)
    static int threadStop(UsdtContext ctx) {
        return record(ctx, 0);
    }

    /** The probes' arguments are the same, so both programs write one record the same way. */
    static int record(UsdtContext ctx, int started) {
        Event e = events.reserve();
        if (e == null) {
            return 0;
        }
        e.timeNs = Bpf.ktimeGetNs();
        e.started = started;
        e.nameLength = (int) ctx.arg(1);
        e.javaId = ctx.arg(2);
        e.nativeId = ctx.arg(3);
        e.daemon = (int) ctx.arg(4);
        Bpf.probeReadUserStr(e.name, ctx.arg(0));
        events.submit(e);
        return 0;
    }

    private ThreadLifecycle() {}
}
