package org.bpf4j.it.calls;

import org.bpf4j.annotation.BpfFunction;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.XdpContext;

/**
 * Programs whose helpers are {@code @BpfFunction} subprograms: called several times, from two
 * programs, from each other, with scalars of every width, a stack struct, a map value, a packet
 * header, a ring-buffer record, arrays on the stack and in the packet, and the context. The JVM runs the same methods as the oracle.
 */
public final class Functions {
    /** The inputs, at the start of the packet in host order. */
    @BpfStruct
    public static final class In {
        public int a;
        public int b;
        public long x;
        @Size(16) public byte[] bytes;
    }

    @BpfStruct
    public static final class Acc {
        public int sum;
        public long mixed;
        public int calls;
    }

    @BpfStruct
    public static final class Stats {
        public long runs;
        public long total;
        public int last;
    }

    @BpfStruct
    public static final class Event {
        public int a;
        public int hash;
        public long x;
    }

    @BpfMap(maxEntries = 2)
    static BpfArrayMap<Stats> stats;

    @BpfMap(maxEntries = 4096)
    static BpfRingBuffer<Event> events;

    /** murmur3's finalizer over a ^ b * golden ratio: large enough that calling beats inlining. */
    @BpfFunction
    static int mix(int a, int b) {
        int h = a * 0x9E3779B1 ^ b;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    /** A long in and out, a loop, and nested calls of {@link #mix}. */
    @BpfFunction
    static long fold(long x, int rounds) {
        long acc = x;
        for (int i = 0; i < 4; i++) {
            if (i < rounds) {
                acc = acc * 31 + mix((int) acc, (int) (acc >>> 32));
            }
        }
        return acc;
    }

    @BpfFunction
    static boolean isOdd(byte b) {
        return (b & 1) != 0;
    }

    /** A byte result: the caller sees it sign-extended, as on the JVM. */
    @BpfFunction
    static byte low(int v) {
        return (byte) (v * 3);
    }

    /** A struct on the caller's stack, updated through its reference. */
    @BpfFunction
    static void accumulate(Acc acc, int v) {
        acc.sum += v;
        acc.mixed ^= (long) v << (v & 31);
        acc.calls++;
    }

    /** A map value, updated in place. */
    @BpfFunction
    static void record(Stats s, int v) {
        s.runs++;
        s.total += v;
        s.last = v;
    }

    /** A packet header: writes the packet. */
    @BpfFunction
    static void scramble(In in, int key) {
        in.a ^= key;
        in.x += key;
        in.bytes[3] = (byte) (in.bytes[3] + key);
    }

    /** A ring-buffer record, filled through its reference. */
    @BpfFunction
    static void fill(Event e, In in) {
        e.a = in.a;
        e.hash = mix(in.a, in.b);
        e.x = in.x;
    }

    /** A local array, read by for-each. */
    @BpfFunction
    static int sum(int[] values) {
        int s = 0;
        for (int v : values) {
            s += v;
        }
        return s;
    }

    /** An array in the packet. */
    @BpfFunction
    static int byteSum(byte[] bytes) {
        int s = 0;
        for (byte b : bytes) {
            s = s * 3 + b;
        }
        return s;
    }

    /** A run-time index into the caller's array. */
    @BpfFunction
    static int pick(int[] values, int i) {
        return values[i & 3];
    }

    /**
     * A run-time index from its parameter into its own array: global, so the verifier checks the
     * index for any argument, with the compiler's bounds check alone.
     */
    @BpfFunction
    static int weight(int i) {
        int[] w = {3, 5, 7, 11, 13, 17, 19, 23};
        return w[i] * (i + 1);
    }

    /** A loop the language bounds by a constant, left early for its parameter: global too. */
    @BpfFunction
    static int triangle(int n) {
        int s = 0;
        for (int i = 0; i < 16; i++) {
            if (i >= n) {
                break;
            }
            s += i;
        }
        return s;
    }

    /** The context: packet access inside the function. */
    @BpfFunction
    static int sizes(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return ctx.length();
        }
        return ctx.length() * 3 + in.bytes[15] + ctx.rxQueueIndex;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int hashes(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        int h = mix(in.a, in.b);
        for (int i = 0; i < 4; i++) {
            h = mix(h, in.bytes[i]);
        }
        Acc acc = new Acc();
        accumulate(acc, h);
        accumulate(acc, in.a);
        if (isOdd(in.bytes[5])) {
            h ^= 0x100;
        }
        h += low(in.b);
        int[] parts = new int[4];
        for (int i = 0; i < 4; i++) {
            parts[i] = h ^ in.bytes[i] * (i + 5);
        }
        h += sum(parts) + pick(parts, in.b) + byteSum(in.bytes) + weight(in.a & 7) + triangle(in.b & 15);
        scramble(in, h);
        return h + acc.sum + (int) acc.mixed + acc.calls + (int) fold(in.x, in.b & 7);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int report(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Event e = events.reserve();
        if (e == null) {
            return -2;
        }
        fill(e, in);
        events.submit(e);
        return 1;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int counts(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return sizes(ctx);
        }
        Stats s = stats.get(in.a & 1);
        if (s == null) {
            return -2;
        }
        record(s, mix(in.a, 7));
        return mix(in.b, 9) + sizes(ctx);
    }
}
