package org.bpf4j.it.lang;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Atomics;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.XdpContext;

/**
 * Every form of {@link Atomics} on the four kinds of target a map value offers: an {@code int}
 * and a {@code long} member (32- and 64-bit atomics at fixed offsets) and elements of an
 * {@code int[]} and a {@code long[]} member at a run-time index. Each program applies one form
 * to all four with operands from the packet and stores what the fetching forms return in
 * {@link #results}; {@link #constantIndexes}, {@link #onStack} and {@link #inRecord} cover
 * constant indexes, stack structs and ring-buffer records.
 */
public final class AtomicOps {
    /** The operands, at the start of the packet in host order. */
    @BpfStruct
    public static final class In {
        public int index;
        public int a32;
        /** What compare-exchange expects in {@code word}, resp. in {@code words[index]}. */
        public int x32;
        public int y32;
        public long a64;
        /** What compare-exchange expects in {@code wide}, resp. in {@code wides[index]}. */
        public long x64;
        public long y64;
    }

    @BpfStruct
    public static final class Cell {
        public int word;
        public int pad;
        public long wide;
        @Size(4) public int[] words = new int[4];
        @Size(4) public long[] wides = new long[4];
    }

    /** What the fetching forms returned: from word, wide, words[index], wides[index]. */
    @BpfStruct
    public static final class Out {
        public long word;
        public long wide;
        public long element32;
        public long element64;
    }

    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Cell> cells;

    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Out> results;

    @BpfMap(maxEntries = 4096)
    static BpfRingBuffer<Cell> records;

    /** Global arrays, in {@code .bss}: atomics there as in a map value. */
    @Size(4)
    static long[] totals = new long[4];
    @Size(2)
    static int[] hits = new int[2];

    @BpfProgram(type = ProgramType.XDP)
    static int add(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Cell c = cells.get(0);
        if (c == null) {
            return -2;
        }
        Atomics.add(c, "word", in.a32);
        Atomics.add(c, "wide", in.a64);
        Atomics.add(c.words, in.index, in.a32);
        Atomics.add(c.wides, in.index, in.a64);
        return 0;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int and(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Cell c = cells.get(0);
        if (c == null) {
            return -2;
        }
        Atomics.and(c, "word", in.a32);
        Atomics.and(c, "wide", in.a64);
        Atomics.and(c.words, in.index, in.a32);
        Atomics.and(c.wides, in.index, in.a64);
        return 0;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int or(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Cell c = cells.get(0);
        if (c == null) {
            return -2;
        }
        Atomics.or(c, "word", in.a64);
        Atomics.or(c, "wide", in.a64);
        Atomics.or(c.words, in.index, in.a32);
        Atomics.or(c.wides, in.index, in.a64);
        return 0;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int xor(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Cell c = cells.get(0);
        if (c == null) {
            return -2;
        }
        Atomics.xor(c, "word", in.a32);
        Atomics.xor(c, "wide", in.a64);
        Atomics.xor(c.words, in.index, in.a32);
        Atomics.xor(c.wides, in.index, in.a64);
        return 0;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int getAndAdd(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Cell c = cells.get(0);
        Out o = results.get(0);
        if (c == null || o == null) {
            return -2;
        }
        o.word = Atomics.getAndAdd(c, "word", in.a32);
        o.wide = Atomics.getAndAdd(c, "wide", in.a64);
        o.element32 = Atomics.getAndAdd(c.words, in.index, in.a32);
        o.element64 = Atomics.getAndAdd(c.wides, in.index, in.a64);
        return (int) o.word;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int getAndAnd(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Cell c = cells.get(0);
        Out o = results.get(0);
        if (c == null || o == null) {
            return -2;
        }
        o.word = Atomics.getAndAnd(c, "word", in.a32);
        o.wide = Atomics.getAndAnd(c, "wide", in.a64);
        o.element32 = Atomics.getAndAnd(c.words, in.index, in.a32);
        o.element64 = Atomics.getAndAnd(c.wides, in.index, in.a64);
        return (int) o.element32;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int getAndOr(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Cell c = cells.get(0);
        Out o = results.get(0);
        if (c == null || o == null) {
            return -2;
        }
        o.word = Atomics.getAndOr(c, "word", in.a32);
        o.wide = Atomics.getAndOr(c, "wide", in.a64);
        o.element32 = Atomics.getAndOr(c.words, in.index, in.a32);
        o.element64 = Atomics.getAndOr(c.wides, in.index, in.a64);
        return (int) (o.wide >>> 32);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int getAndXor(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Cell c = cells.get(0);
        Out o = results.get(0);
        if (c == null || o == null) {
            return -2;
        }
        o.word = Atomics.getAndXor(c, "word", in.a32);
        o.wide = Atomics.getAndXor(c, "wide", in.a64);
        o.element32 = Atomics.getAndXor(c.words, in.index, in.a32);
        o.element64 = Atomics.getAndXor(c.wides, in.index, in.a64);
        return (int) o.element64;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int getAndSet(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Cell c = cells.get(0);
        Out o = results.get(0);
        if (c == null || o == null) {
            return -2;
        }
        o.word = Atomics.getAndSet(c, "word", in.a32);
        o.wide = Atomics.getAndSet(c, "wide", in.a64);
        o.element32 = Atomics.getAndSet(c.words, in.index, in.a32);
        o.element64 = Atomics.getAndSet(c.wides, in.index, in.a64);
        return (int) o.word ^ (int) o.element32;
    }

    /** Replaces each target with the new operand when it holds what {@link In} expects; returns which did. */
    @BpfProgram(type = ProgramType.XDP)
    static int compareAndExchange(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Cell c = cells.get(0);
        Out o = results.get(0);
        if (c == null || o == null) {
            return -2;
        }
        o.word = Atomics.compareAndExchange(c, "word", in.x32, in.a32);
        o.wide = Atomics.compareAndExchange(c, "wide", in.x64, in.a64);
        o.element32 = Atomics.compareAndExchange(c.words, in.index, in.y32, in.a32);
        o.element64 = Atomics.compareAndExchange(c.wides, in.index, in.y64, in.a64);
        return ((int) o.word == in.x32 ? 1 : 0) | (o.wide == in.x64 ? 2 : 0) | ((int) o.element32 == in.y32 ? 4 : 0)
                | (o.element64 == in.y64 ? 8 : 0);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int globals(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Atomics.add(totals, in.index, in.a64);
        long was = Atomics.compareAndExchange(totals, 3, in.x64, in.a64);
        int old = Atomics.getAndXor(hits, in.index & 1, in.a32);
        return old ^ (int) was ^ (int) totals[in.index & 3];
    }

    /** Constant indexes are fixed offsets: no bounds check. */
    @BpfProgram(type = ProgramType.XDP)
    static int constantIndexes(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Cell c = cells.get(0);
        if (c == null) {
            return -2;
        }
        int old = Atomics.getAndAdd(c.words, 3, in.a32);
        Atomics.xor(c.wides, 0, in.a64);
        long was = Atomics.compareAndExchange(c.wides, 2, in.x64, in.a64);
        return old + (int) was;
    }

    /** The verifier allows atomics on the stack too (a local struct, zeroed by new), at constant offsets. */
    @BpfProgram(type = ProgramType.XDP)
    static int onStack(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Cell local = new Cell();
        local.word = in.x32;
        local.wides[1] = in.x64;
        int a = Atomics.getAndAdd(local, "word", in.a32);
        long b = Atomics.getAndOr(local.wides, 1, in.a64);
        int e = Atomics.compareAndExchange(local.words, 1, in.index & 1, in.y32);
        return a * 31 + (int) (b >>> 7) + e + local.word + (int) local.wides[1] + local.words[1];
    }

    /** And on ring-buffer records, once every member the atomics read is written. */
    @BpfProgram(type = ProgramType.XDP)
    static int inRecord(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Cell r = records.reserve();
        if (r == null) {
            return -2;
        }
        r.word = in.x32;
        r.pad = 0;
        r.wide = in.x64;
        for (int k = 0; k < 4; k++) {
            r.words[k] = k;
            r.wides[k] = k;
        }
        int a = Atomics.getAndXor(r, "word", in.a32);
        Atomics.add(r, "wide", in.a64);
        long b = Atomics.getAndSet(r.wides, in.index, in.y64);
        records.submit(r);
        return a + (int) b;
    }
}
