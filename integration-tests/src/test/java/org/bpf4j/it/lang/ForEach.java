package org.bpf4j.it.lang;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.XdpContext;

/**
 * for-each loops over arrays, each program a function of the packet's first bytes (and, for
 * {@link #mapValueArrays}, of a map value it updates). Arrays of at most 16 elements are
 * unrolled, longer ones stay loops: both kinds appear. The JVM is the oracle.
 */
public final class ForEach {
    /** The inputs, at the start of the packet in host order. */
    @BpfStruct
    public static final class In {
        public int a;
        public int b;
        public long x;
        @Size(8) public int[] vals;
        @Size(16) public byte[] bytes;
    }

    /** A map value with arrays; {@code after} shows that nothing writes past them. */
    @BpfStruct
    public static final class Totals {
        public int runs;
        @Size(20) public int[] counts;
        @Size(6) public long[] sums;
        public int after;
    }

    @BpfMap(maxEntries = 2)
    static BpfArrayMap<Totals> totals;

    @BpfProgram(type = ProgramType.XDP)
    static int primitiveArrays(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        int[] ints = new int[6];
        long[] longs = new long[20];
        short[] shorts = new short[18];
        char[] chars = new char[5];
        byte[] bytes = new byte[40];
        for (int i = 0; i < 6; i++) {
            ints[i] = in.a * (i + 1) - in.b;
        }
        for (int i = 0; i < 20; i++) {
            longs[i] = in.x * i ^ (in.x >>> i);
        }
        for (int i = 0; i < 18; i++) {
            shorts[i] = (short) (in.a >> i);
        }
        for (int i = 0; i < 5; i++) {
            chars[i] = (char) (in.b * (i + 7));
        }
        for (int i = 0; i < 40; i++) {
            bytes[i] = (byte) (in.x >>> i);
        }
        int r = 0;
        for (int v : ints) {
            r = r * 31 + v;
        }
        long sum = 0;
        for (long v : longs) {
            sum += v;
        }
        for (short v : shorts) {
            r += v * 3;
        }
        for (char c : chars) {
            r ^= c;
        }
        for (int v : bytes) {
            r += v;
        }
        for (long v : ints) {
            sum -= v << 20;
        }
        for (var v : in.vals) {
            r = r * 3 + v;
        }
        for (byte v : in.bytes) {
            r += v & 0xFF;
        }
        return r ^ (int) sum ^ (int) (sum >>> 32);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int breakAndContinue(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        int r = 0;
        for (int v : in.vals) {
            if (v < 0) {
                continue;
            }
            if (v == in.a) {
                break;
            }
            r += v;
        }
        long[] longs = new long[24];
        for (int i = 0; i < 24; i++) {
            longs[i] = in.x + i * (long) in.b;
        }
        int seen = 0;
        for (long v : longs) {
            seen++;
            if ((v & 3) == 0) {
                continue;
            }
            if ((v & 0xF) == (in.a & 0xF)) {
                break;
            }
            r += (int) v;
        }
        return r * 7 + seen;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int nested(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        byte[] local = new byte[20];
        for (int i = 0; i < 20; i++) {
            local[i] = (byte) (in.x >> (i * 3));
        }
        int r = 0;
        outer:
        for (int v : in.vals) {
            for (byte b : local) {
                if (b == (byte) v) {
                    continue outer;
                }
                if (b < -120) {
                    break outer;
                }
                r += b ^ v;
            }
            r *= 3;
        }
        int[] big = new int[17];
        for (int i = 0; i < 17; i++) {
            big[i] = (in.b >>> i) & 0xFF;
        }
        for (int p : big) {
            for (int q : big) {
                if (q > p) {
                    break;
                }
                r += p - q;
            }
        }
        return r;
    }

    /** The counts array of {@code t}, counting the call: for-each evaluates its array once. */
    static int[] countsOf(Totals t) {
        t.runs += 100;
        return t.counts;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int mapValueArrays(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Totals t = totals.get(in.b & 1);
        if (t == null) {
            return -2;
        }
        t.runs++;
        int r = 0;
        for (int c : countsOf(t)) {
            r = r * 5 + c;
        }
        for (long s : t.sums) {
            r ^= (int) s;
        }
        int k = 0;
        for (int c : t.counts) {
            t.counts[k] = c + in.a * k;
            k++;
        }
        t.sums[in.a & 3] += in.x;
        return r;
    }
}
