package org.bpf4j.it.lang;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.XdpContext;

/**
 * Run-time indexes into the array members of structs in a map value, a ring-buffer record and
 * on the stack, and into a context array: each program writes element {@code i} and reads
 * element {@code j}, both taken from the packet. In bounds, the JVM is the oracle; out of
 * bounds, BPF reads 0 and writes nothing where Java throws (the documented deviation).
 */
public final class RuntimeIndexes {
    /** The inputs, at the start of the packet in host order. */
    @BpfStruct
    public static final class In {
        public int i;
        public int j;
        public int value;
        public int pad;
        public long wide;
    }

    /** Arrays of three element sizes between two sentinels that out-of-bounds writes must not reach. */
    @BpfStruct
    public static final class Slots {
        public int before;
        @Size(20) public int[] v = new int[20];
        @Size(24) public byte[] bytes = new byte[24];
        @Size(5) public long[] w = new long[5];
        public int after;
    }

    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Slots> slots;

    @BpfMap(maxEntries = 16384)
    static BpfRingBuffer<Slots> records;

    /** Writes element {@code in.i} of each array, returns a mix of the elements {@code in.j}. */
    static int writeAndRead(Slots s, In in) {
        s.v[in.i] = in.value;
        s.bytes[in.i] = (byte) in.value;
        s.w[in.i] += in.wide;
        return s.v[in.j] * 31 + s.bytes[in.j] ^ (int) s.w[in.j];
    }

    @BpfProgram(type = ProgramType.XDP)
    static int mapValue(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Slots s = slots.get(0);
        if (s == null) {
            return -2;
        }
        return writeAndRead(s, in);
    }

    /** The values {@link #record} gives a record before indexing it (the test's expectation starts from them too). */
    static void fill(Slots s) {
        s.before = 7;
        s.after = 9;
        for (int k = 0; k < 20; k++) {
            s.v[k] = k * 3;
        }
        for (int k = 0; k < 24; k++) {
            s.bytes[k] = (byte) -k;
        }
        for (int k = 0; k < 5; k++) {
            s.w[k] = k * 1000L;
        }
    }

    @BpfProgram(type = ProgramType.XDP)
    static int record(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Slots s = records.reserve();
        if (s == null) {
            return -2;
        }
        // The kernel does not clear reserved records: give every element a value first.
        fill(s);
        int r = writeAndRead(s, in);
        for (int x : s.v) {
            r = r * 3 + x;
        }
        records.submit(s);
        return r;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int stack(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Slots s = new Slots();
        s.w[2] = in.wide;
        s.v[19] = in.value >> 1;
        return writeAndRead(s, in) + s.before * 7 + s.after;
    }

    /** {@code cb} is the tc context's array: the kernel allows constant offsets only, so a run-time index compares. */
    @BpfProgram(type = ProgramType.TC)
    static int contextArray(SkBuffContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        ctx.cb[in.i] = in.value;
        ctx.cb[in.j] += 3;
        int r = ctx.cb[in.j] * 31 + ctx.cb[in.i];
        for (int c : ctx.cb) {
            r = r * 7 + c;
        }
        return r;
    }
}
