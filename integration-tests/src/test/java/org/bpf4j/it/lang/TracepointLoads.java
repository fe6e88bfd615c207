package org.bpf4j.it.lang;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.TracepointContext;

/**
 * A tracepoint record read by offset: {@code u32} is a {@code long} holding the unsigned value,
 * as on packets, so a u32 of 2^31 or more compares, shifts and widens as a positive number.
 * {@code close(fd)} fires {@code syscalls/sys_enter_close}, whose {@code fd} field (8 bytes at
 * offset 16) holds the argument; its low 32 bits are the {@code unsigned int} the kernel takes.
 */
public final class TracepointLoads {
    /** The thread to watch (set from Java) and what the program read. */
    @BpfStruct
    public static final class Seen {
        public int tid;
        public int closes;
        public long fd;
        public long shifted;
        public long sum;
        public int above;
        public int low16;
        public int low8;
    }

    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Seen> seen;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "syscalls/sys_enter_close")
    static int closing(TracepointContext ctx) {
        Seen s = seen.get(0);
        if (s == null || (int) Bpf.getCurrentPidTgid() != s.tid) {
            return 0;
        }
        s.closes++;
        long fd = ctx.u32(16);
        s.fd = fd;
        s.shifted = ctx.u32(16) >>> 28;
        s.sum = ctx.u32(16) + ctx.u32(16);
        s.above = fd > Integer.MAX_VALUE ? 1 : 0;
        s.low16 = ctx.u16(16);
        s.low8 = ctx.u8(16);
        return 0;
    }

    private TracepointLoads() {}
}
