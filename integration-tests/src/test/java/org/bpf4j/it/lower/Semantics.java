package org.bpf4j.it.lower;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.Ipv6Hdr;
import org.bpf4j.lang.TcpHdr;
import org.bpf4j.lang.XdpContext;

/**
 * XDP programs whose return value is a function of input values read from the packet. Each runs
 * in the kernel (BPF_PROG_TEST_RUN) and on the JVM; the JVM is the oracle of Java semantics.
 */
public final class Semantics {
    /** The inputs, laid out at the start of the packet in host order. */
    @BpfStruct
    public static final class In {
        public int a;
        public int b;
        public long x;
        public long y;
        public byte p;
        public short q;
        public char c;
        public boolean flag;

        /** Inlined with {@code this} bound to the struct in memory. */
        public int mix(int k) {
            return a * k + b - p + (flag ? k : 0);
        }
    }

    static final int SCALE = 31;

    @BpfProgram(type = ProgramType.XDP)
    static int intArithmetic(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        int v = in.a * SCALE + (in.b - in.a) * in.a;
        v -= in.b * 0x7654321;
        return -v + ~in.b;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int shifts(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        int s = in.b;
        return (in.a << s) ^ (in.a >> (s + 3)) ^ (in.a >>> s) ^ (in.a << 33) ^ (in.p >> 2) ^ (in.q >>> 1);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int longArithmetic(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        long v = in.x * in.y + (in.x >>> 7) - (in.y >> 3) + in.a;
        v ^= v << (in.a & 127);
        v += (long) in.b << 40;
        return (int) (v ^ (v >>> 32));
    }

    @BpfProgram(type = ProgramType.XDP)
    static int narrowing(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        byte b = (byte) in.a;
        short s = (short) in.b;
        char ch = (char) in.a;
        int fromLong = (int) in.x;
        byte fromLongByte = (byte) in.y;
        return b * 7 + s * 3 + ch + in.p + in.q * 5 + in.c + fromLong + fromLongByte + (in.flag ? 1000 : 0);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int compound(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        byte b = in.p;
        b += 100;
        b <<= 2;
        short s = in.q;
        s *= 3;
        s >>= 1;
        char c = in.c;
        c -= 5;
        c++;
        int i = in.a;
        i++;
        i ^= in.b;
        i >>>= 3;
        long l = in.x;
        l--;
        l %= 1000003;
        return b + s + c + i + (int) l;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int unsigned(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        int r = Integer.compareUnsigned(in.a, in.b) * 1000;
        if (in.b != 0) {
            r += Integer.divideUnsigned(in.a, in.b) + Integer.remainderUnsigned(in.a, in.b) * 3;
        }
        if (in.y != 0) {
            r += (int) Long.divideUnsigned(in.x, in.y) + (int) Long.remainderUnsigned(in.x, in.y);
        }
        r += Long.compareUnsigned(in.x, in.y) * 100;
        r += Byte.toUnsignedInt(in.p) + Short.toUnsignedInt(in.q) * 7;
        r += Integer.reverseBytes(in.a) ^ Short.reverseBytes(in.q) ^ Character.reverseBytes(in.c);
        r += (int) Integer.toUnsignedLong(in.b) + (int) (Integer.toUnsignedLong(in.a) >>> 3);
        if (Integer.compareUnsigned(in.a, in.b) < 0) {
            r += 17;
        }
        return r;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int minMaxAbs(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        long l = Math.min(in.x, in.y) ^ Math.max(in.x, in.y) ^ Math.abs(in.x);
        return Math.min(in.a, in.b) ^ Math.max(in.a, in.b) * 3 ^ Math.abs(in.a) ^ (int) l;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int division(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        int r = in.b == 0 ? -7 : in.a / in.b + in.a % in.b * 11;
        long l = in.y == 0 ? 5 : in.x / in.y - in.x % in.y;
        return r ^ (int) l ^ (in.a / 7) ^ (in.a % -5);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int logic(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        boolean f = in.a > in.b && in.p < 0 || in.c == 'x' || !in.flag;
        boolean g = in.a >= 0 ^ in.b >= 0;
        boolean h = (in.a & 1) == 0 | in.q > 10;
        return (f ? 1 : 0) + (g ? 2 : 0) + (h ? 4 : 0) + (in.x < in.y ? 8 : 16) + (in.a != in.b ? 32 : 64);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int loops(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        int s = 0;
        for (int i = 0; i < 40; i++) {
            if ((in.b >> (i & 31) & 1) != 0) {
                continue;
            }
            s += i * in.a;
            if (s > 100000) {
                break;
            }
        }
        int[] small = new int[4];
        for (int i = 0; i < 4; i++) {
            small[i] = in.a + i * in.b;
        }
        int k = 10;
        while (k > 0) {
            s ^= small[3] >> k;
            k--;
        }
        int d = 0;
        do {
            s += d * in.q;
            d += 3;
        } while (d < 12);
        outer:
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (j == (in.a & 3)) {
                    continue outer;
                }
                s += small[j] ^ i;
            }
        }
        return s + small[0] + small[2];
    }

    @BpfProgram(type = ProgramType.XDP)
    static int switches(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        int r = 0;
        switch (in.a & 7) {
            case 0:
                r = 10;
                break;
            case 1:
            case 2:
                r = 20;
            case 3:
                r += 5;
                break;
            default:
                r = -1;
        }
        int e = switch (in.b & 3) {
            case 0 -> 100;
            case 1, 2 -> {
                int t = in.p * 2;
                yield t + 1;
            }
            default -> in.q;
        };
        switch (in.c) {
            case 'a' -> r += 1000;
            case 'b' -> r += 2000;
            default -> r += 3;
        }
        return r + e;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int packetAccess(XdpContext ctx) {
        int r = ctx.length() * 3 + ctx.u8(3) + ctx.u16(5) * 7 + (int) ctx.u32(9) + (int) (ctx.u32(9) >>> 20);
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        r += ctx.u8(in.a & 63) * 5 + ctx.u16(in.b & 63) + (int) ctx.u32(in.a & 63);
        if (in.p == 5 || in.p == -3 || in.q == 300 || in.q != 77 && in.c == 9) {
            r += 1000;
        }
        if (ctx.storeU16(40, r)) {
            r += ctx.u16(40);
        }
        if (ctx.storeU32(62, r)) {
            r += 1;
        }
        return r;
    }

    /** Arrays indexed by run-time values (bounds-checked) and by counters of loops too long to unroll. */
    @BpfProgram(type = ProgramType.XDP)
    static int arrays(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        int[] t = new int[8];
        for (int i = 0; i < 8; i++) {
            t[i] = in.a * i;
        }
        int r = t[in.b & 7] + t[in.a & 7] * 3;
        t[in.b & 7] += 99;
        byte[] bytes = new byte[32];
        for (int i = 0; i < 32; i++) {
            bytes[i] = (byte) (in.x >>> i);
        }
        for (int i = 0; i < 32; i++) {
            r += bytes[i] * i;
        }
        return r + t[in.b & 7] + t[(in.b + 1) & 7] + bytes[in.a & 31];
    }

    /** Constant operands of && and ||, and arrays allocated in each copy of an unrolled loop body. */
    @BpfProgram(type = ProgramType.XDP)
    static int constantConditionsAndLoopStack(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        int r = 0;
        if (false && in.a > 3) {
            r = in.b;
        }
        if (true || in.b > 3) {
            r += in.a;
        }
        for (int i = 0; i < 12; i++) {
            long[] scratch = new long[8];
            scratch[i & 7] = in.x + i;
            r += (int) scratch[(i + in.a) & 7];
        }
        return r;
    }

    /** The packet headers' accessors, inlined from their class files. */
    @BpfProgram(type = ProgramType.XDP)
    static int headerAccessors(XdpContext ctx) {
        Ipv4Hdr ip = ctx.header(0, Ipv4Hdr.class);
        TcpHdr tcp = ctx.header(Ipv4Hdr.SIZE, TcpHdr.class);
        Ipv6Hdr ip6 = ctx.header(24, Ipv6Hdr.class);
        if (ip == null || tcp == null || ip6 == null) {
            return -1;
        }
        int r = ip.ihl() + ip.version() * 16 + (ip.isFragment() ? 256 : 0) + tcp.doff() * 1024;
        r += (tcp.syn() ? 1 << 16 : 0) + (tcp.ack() ? 1 << 17 : 0) + (tcp.fin() ? 1 << 18 : 0) + (tcp.rst() ? 1 << 19 : 0);
        return r ^ ip6.flowLabel() ^ ip6.trafficClass() << 3 ^ ip6.version() << 27;
    }

    /** A method returning a header, null-tested by the caller. */
    static In input(XdpContext ctx, int offset) {
        return ctx.header(offset, In.class);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int structMethods(XdpContext ctx) {
        In in = input(ctx, 0);
        if (in == null) {
            return -1;
        }
        int r = in.mix(3);
        In shifted = input(ctx, 8 + (in.a & 31));
        if (shifted != null) {
            r += shifted.mix(5);
        }
        return r;
    }

    /** Inlined helpers: several returns, struct arguments, nested calls. */
    static int clamp(int v, int lo, int hi) {
        if (v < lo) {
            return lo;
        }
        if (v > hi) {
            return hi;
        }
        return v;
    }

    static long weigh(In in, int factor) {
        return clamp(in.a, -100, 100) * (long) factor + in.x;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int calls(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        In copy = new In();
        copy.a = in.b;
        copy.x = in.y;
        copy.p = (byte) in.a;
        long w = weigh(in, 3) + weigh(copy, 5);
        return (int) w + clamp(in.b, 0, 1000) + copy.p;
    }
}
