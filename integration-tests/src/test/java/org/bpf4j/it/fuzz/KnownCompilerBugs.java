package org.bpf4j.it.fuzz;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The bugs the fuzzers found, each with its reproducer (shrunken to the body of an XDP program
 * over the fuzzers' array map {@code out}, or the whole program as the fuzzer printed it: a seed
 * gives another program once the generator changes) and what it did before its fix. All are fixed;
 * {@code KnownCompilerBugsKernelTest} runs every reproducer as a regression test: it must
 * compile, load and agree with the JVM. A new bug found by a fuzzer is fixed and its reproducer
 * added here.
 */
final class KnownCompilerBugs {
    record Bug(Finding.Kind kind, Program program, String symptom) {
        /** A reproducer given as the statements of an XDP program's body, which returns 0. */
        static Bug body(Finding.Kind kind, List<String> statements, String symptom) {
            return new Bug(kind, new Program("regression: " + symptom, List.of(),
                    statements.stream().map(line -> Stmt.simple(line, false)).toList(), Expr.leaf(Expr.Kind.INT, "0")), symptom);
        }

        /**
         * A reproducer given whole, as the fuzzer printed it: its helpers, then the XDP method
         * {@code p0}, whose last statement returns the result.
         */
        static Bug program(Finding.Kind kind, String text, String symptom) {
            int method = text.indexOf("@BpfProgram(type = ProgramType.XDP)");
            List<String> lines = text.substring(method).lines().toList();
            String last = lines.get(lines.size() - 2).strip();
            if (!lines.get(1).startsWith("static int p0(XdpContext ctx) {") || !last.startsWith("return ") || !lines.get(lines.size() - 1).equals("}")) {
                throw new IllegalArgumentException("not a program as the fuzzer prints one: " + text);
            }
            String helpers = text.substring(0, method).lines().map(line -> "    " + line).collect(Collectors.joining("\n"));
            return new Bug(kind, new Program("regression: " + symptom, helpers.isEmpty() ? List.of() : List.of(helpers),
                    lines.subList(2, lines.size() - 2).stream().map(line -> Stmt.simple(line.substring(4), false)).toList(),
                    Expr.leaf(Expr.Kind.INT, last.substring("return ".length(), last.length() - 1))), symptom);
        }
    }

    static final List<Bug> FIXED = List.of(
            Bug.body(Finding.Kind.VERIFIER, List.of(
                    "int[] t = new int[8];",
                    "t[(ctx.u8(0) & 0x7fffffff) % 8] = 5;",
                    "t[7 >>> ctx.u8(2)] += 1;",
                    "out.put(SLOT(0), (long) t[5] + t[0]);"),
                    "(fixed in InstructionSelector) the verifier refuses 'math between fp pointer and register with "
                            + "unbounded min value': it forgets the range of a 32-bit remainder, division or shift by a "
                            + "register, and the widening of the index to 64 bits was free, so the index stayed unbounded "
                            + "(found by hand, then by the generator once it indexed arrays with remainders: 58 of 445 programs)"),
            Bug.body(Finding.Kind.MISMATCH, List.of(
                    "In h5 = ctx.header(0, In.class);",
                    "if (h5 != null) {",
                    "    h5.flag = false;",
                    "}"),
                    "(fixed in PacketContext, the JVM oracle) output packet differs: the JVM side compared the "
                            + "re-encoded header with the packet's bytes, so padding became 0 and a boolean byte other "
                            + "than 0/1 became 1 where the kernel (rightly) stores only the assigned field"),
            Bug.body(Finding.Kind.REJECTED, List.of(
                    "{ int i9 = 0; do {",
                    "    for (int i10 = 6; i10 > 0; i10 -= 2) {",
                    "        if (ctx.u8(0) == 3) continue;",
                    "    }",
                    "    i9++; } while (i9 < 4); }"),
                    "(fixed in LoopBounds) wrongly rejected: 'loop without a provable bound: a continue may skip "
                            + "the counter's step at the end of the body' is reported at the do-while although the continue belongs to the inner for loop"),
            Bug.body(Finding.Kind.VERIFIER, List.of(
                    "for (int i2 = 0; i2 < 4; i2++) {",
                    "    ctx.storeU16(69, (0 & ((int) ctx.u32(68))));",
                    "}"),
                    "(fixed in BoundsCheckMerging) the verifier refuses 'invalid access to packet, off=69 size=2': "
                            + "the first unrolled iteration's store *(u16 *)(r3 + 69) = 0 is emitted before any bounds check; the dead read ctx.u32(68), "
                            + "whose check covered the store, was dropped but the store still relied on it (seed 99, "
                            + "program seed 99000343, 1 of 5000 programs)"),
            Bug.body(Finding.Kind.VERIFIER, List.of(
                    "ctx.storeU8(46, 0 * (int) ctx.u32(43));"),
                    "(fixed in BoundsCheckMerging) the verifier refuses 'invalid access to packet, off=46 size=1': once "
                            + "the read's value died, both ways of its null test led to the same block, and the store's check "
                            + "was merged into that test, which proves nothing and was then folded away (seed 7, program "
                            + "seed 7001138, 1 of 20,000 programs)"),
            Bug.body(Finding.Kind.CRASH, List.of(
                    "int v0 = 0;",
                    "long v1 = ctx.u32(7);",
                    "v0 ^= (v1 << 51);",
                    "out.put(SLOT(0), (long) v0);"),
                    "(fixed in Alu32Narrowing) internal compiler error while emitting the BPF object: "
                            + "IllegalStateException: optimizing the program does not settle after 100 rounds. The int result of a long shifted left by 32 or "
                            + "more (here int ^= long << 51) has 32 known-zero low bits"),
            Bug.body(Finding.Kind.CRASH, List.of(
                    "long v1 = ctx.u32(0);",
                    "for (int i3 = 0; i3 < 2; i3++) {",
                    "    v1 <<= 53192549;",
                    "}",
                    "out.put(SLOT(0), (long) (int) v1);"),
                    "the same non-settling optimization, reached through a loop of long <<= by a count that is 37 "
                            + "modulo 64"),
            Bug.body(Finding.Kind.VERIFIER, List.of(
                    "int v0 = ctx.u8(1);",
                    "long v1 = ctx.u32(12);",
                    "{ int i6 = 4; while (i6 > 0) { {",
                    "    { int i7 = 0; do { {",
                    "        v0 -= (((Long.compareUnsigned(v0, i7) >= 0) ? ctx.u16((v0 & 63)) : ctx.u16(63)) >> 7);",
                    "        { In h8 = ctx.header((((-1321366734) >> v0) & 31), In.class); if (h8 != null) { v1 |= h8.c; h8.p = (byte) -78; } }",
                    "    } i7++; } while (i7 < 5); }",
                    "    for (int i9 = 4; i9 > 0; i9 -= 2) {",
                    "        if ((Long.compareUnsigned(ctx.u8(19), (i6 >>> v0)) > 0)) continue;",
                    "    }",
                    "} i6--; } }",
                    "out.put(SLOT(0), v0 ^ v1);"),
                    "(fixed in Statements: while and do loops whose counter is a constant on entry are unrolled as "
                            + "for loops are) the verifier gives up after 1,000,001 instructions (E2BIG): a while of 4 "
                            + "around a do of 5, emitted as loops, with packet offsets from a variable changed in every "
                            + "iteration, which the verifier cannot prune (seed 4242, program seed 4242027771, 1 of "
                            + "20,000 programs)"),
            Bug.program(Finding.Kind.VERIFIER, """
                    @BpfFunction
                    static int p0_h0(int a, long b) {
                        if (true) {
                            return a;
                        }
                        return Math.min(a, (1217194371 - ((char) (-8405937467545724445L))));
                    }
                    @BpfProgram(type = ProgramType.XDP)
                    static int p0(XdpContext ctx) {
                        int v0 = ctx.u8(10);
                        long v1 = ctx.u32((Integer.compare(v0, v0) & 63));
                        switch (v0 & 3) { case 0 -> {
                            out.add(1, (Long.remainderUnsigned(63L, (((long) v0) | 1L)) >> 68));
                        } case 1, 2 -> {
                            char v2 = (char) ((((byte) ((long) v0)) % (Long.compareUnsigned(Integer.toUnsignedLong(v0), (63L << v0)) | 1)));
                            switch (Long.compareUnsigned((-2141034316720106969L), (v1 + ((long) v2))) & 3) { case 0: {
                                v2 <<= ((-128) >>> v2);
                                v0 |= (Short.toUnsignedInt((short) (-128)) / ((v0 & v0) | 1));
                            } case 1: {
                                int[] a3 = new int[8];
                            } break; default: {
                                long v4 = Math.abs(((-4231996521592776145L) / ((-8159620716539390700L) | 1L)));
                                out.put(3, (Math.min(((int) ctx.u32(69)), (true ? 283962720 : v0)) * (((long) v2) >> (v0 | v0))));
                            } }
                            v0++;
                        } default -> {
                            v1 |= ((long) v0);
                            int v5 = (((-429948399) > ((char) ((long) v0))) ? ((int) ctx.u32(((v0 & 127) & 63))) : Long.compare(((long) v0), (v1 | v1)));
                        } }
                        int[] a6 = new int[8];
                        v0 = (-((int) (v1 - 1L)));
                        if ((((int) ctx.u32(((true ? v0 : 2) & 63))) >= (255 / (v0 | 1)))) {
                            { Long m7 = out.get(1); if (m7 != null) { v1 ^= m7; } }
                            if ((!(Long.compareUnsigned((-1770379504334318131L), 63L) == 1206720818))) {
                                long v8 = Long.remainderUnsigned(((v0 * v1) % ((v0 * 4294967296L) | 1L)), (((8892935862533864693L << v0) + (-2013843079746632608L)) | 1L));
                                { Long m9 = out.get(2); if (m9 != null) { v8 ^= m9; } }
                                v1 /= (((v8 >>> 127) * (v1 + 31)) | 1L);
                            } else {
                                out.put(3, (Integer.toUnsignedLong((31 % (v0 | 1))) * Long.compareUnsigned(7887082383349870453L, (((long) v0) ^ 878065579))));
                                v0 = (ctx.u8(1) >> 59);
                            }
                            { int i10 = 0; do { {
                                v1 ^= (i10 * (-(v0 * ((long) i10))));
                                v1--;
                                { Long m11 = out.get(0); if (m11 != null) { v1 ^= m11; } }
                            } i10++; } while (i10 < 4); }
                        } else {
                            out.add(0, v1);
                            { In h12 = ctx.header(0, In.class); if (h12 != null) { v1 -= h12.q; h12.x = (long) (v1); } }
                        }
                        for (int i13 : a6) {
                            a6[Integer.remainderUnsigned(((int) (((long) i13) * 4294967295L)), 8)] = Integer.compare(Integer.compare((i13 ^ 256), (i13 << 52)), p0_h0((i13 * i13), (32L * i13)));
                            for (int i14 : a6) {
                                out.put(0, (i13 * ((-((long) i14)) - (v1 % ((-8323743531223350914L) | 1L)))));
                                a6[p0_h0(((short) ((long) i14)), (((long) i13) >>> 8)) & 7] += (Byte.toUnsignedInt((byte) Byte.toUnsignedInt((byte) v0)) - ctx.u8(57));
                            }
                        }
                        switch (((v0 < v0) ? v0 : (-1647836166)) & 3) { case 0 -> {
                            v0 += v0;
                            short v15 = (short) (((!((-1425021896) <= v0)) ? Long.compareUnsigned((((long) v0) | 1841397980), Math.min(v1, v1)) : (Integer.divideUnsigned(v0, (v0 | 1)) & (v0 << v0))));
                        } case 1, 2 -> {
                            v0 = ((int) (((char) 2114670059) * (~((long) v0))));
                            ctx.storeU32(28, 65535);
                        } default -> {
                            ctx.storeU8((Integer.remainderUnsigned(v0, (v0 | 1)) & 63), ((-127) & ((int) ((long) v0))));
                            v0 = v0;
                        } }
                        return ((ctx.length() * 31 ^ (int) (long) v0) * 31 ^ (int) v1);
                    }
                    """,
                    "(fixed in RegisterAllocator: spilled values never live at once share a slot) a valid program refused: 136 bytes of arrays and 384 of spills, one slot per spilled value, overflow the 512-byte stack (seed 31337, program "
                            + "seed 31337097346 of the generator of 22 November, whose text this is)"),
            Bug.program(Finding.Kind.VERIFIER, """
                    @BpfFunction
                    static int p0_h0(int a, long b) {
                        if ((((a & 524288) != 0) && (true || true))) {
                            return (64 & a);
                        }
                        return a;
                    }
                    static int p0_h1(int a, long b) {
                        if ((((a & 65536) != 0) && (!true))) {
                            return 1927311005;
                        }
                        return ((Byte.toUnsignedInt((byte) 32) - ((short) a)) * ((int) 7069323183829500216L));
                    }
                    @BpfProgram(type = ProgramType.XDP)
                    static int p0(XdpContext ctx) {
                        int v0 = ctx.u8(53);
                        long v1 = ctx.u32((v0 & 63));
                        int[] a2 = new int[8];
                        { int i3 = 0; do { {
                            if ((!(Integer.compareUnsigned((i3 << 326608092), i3) > 0))) {
                                char v4 = (char) (2147483647);
                                v1--;
                                out.put(0, (((33 * ((long) v0)) & (((long) v0) % (32L | 1L))) / ((Long.compare(((long) i3), 64L) * ctx.u32(25)) | 1L)));
                            }
                        } i3++; } while (i3 < 6); }
                        for (int i5 = 12; i5 > 0; i5 -= 2) {
                            for (int i6 : a2) {
                                a2[Integer.reverseBytes(v0) & 7] = (v0 << a2[((a2[Integer.remainderUnsigned(i6, 8)]) & 0x7fffffff) % 8]);
                                a2[(Integer.compareUnsigned(i6, i6) % ((i6 + i5) | 1)) & 7] = p0_h0(ctx.u8(2), ((i6 - i5) * (127 * v1)));
                            }
                            { Long m7 = out.get(2); if (m7 != null) { v1 ^= m7; } }
                        }
                        ctx.storeU32(65, v0);
                        if ((((v0 ^ (-1)) > (false ? v0 : v0)) || (Integer.compareUnsigned(Integer.remainderUnsigned(v0, (908359138 | 1)), Integer.compareUnsigned(v0, (-1922862768))) == 0))) {
                            v1 >>= (v0 & v0);
                        } else {
                            int v8 = ((v0 >>> (v0 / (v0 | 1))) | a2[Integer.remainderUnsigned(v0, 8)]);
                            if (true) {
                                int v9 = v0;
                                v9 = ctx.u16(((v8 << (33 / (v8 | 1))) & 63));
                            } else {
                                long v10 = 4294967295L;
                            }
                        }
                        v1 = (2984012870883603914L & Math.abs(((-676257290646542630L) & v0)));
                        switch (v0 & 3) { case 0: {
                            if (((Long.compareUnsigned((v0 * v1), (v1 + ((long) v0))) & 4) != 0)) {
                                long v11 = (-2385915464106566874L);
                            }
                            if ((!(((-3537329534933407158L) + (-1268484853)) > Long.compare(v1, 1225453164649579538L)))) {
                                out.add(3, (p0_h1(v0, (-2696128942492446973L)) * Math.abs((-3215380124998533757L))));
                                v0 <<= (-1);
                            }
                        } case 1: {
                            for (int i12 : a2) {
                                v1 -= ((long) i12);
                                i12 = ((ctx.u16(23) <= i12) ? i12 : p0_h1((-(-1800879519)), (v1 * ((long) v0))));
                            }
                            out.put(3, (v1 << 7));
                        } break; default: {
                            long v13 = (((short) Math.abs(1435064526)) * ((true && true) ? ((long) v0) : (-64L)));
                            char v14 = (char) (ctx.u8(((v0 >>> v0) & 63)));
                            switch (Short.toUnsignedInt((short) 8) & 3) { case 0 -> {
                                ctx.storeU16(7, a2[Integer.remainderUnsigned(Math.max(v0, v0), 8)]);
                            } case 1, 2 -> {
                                v13 <<= 1;
                                out.add(2, ((1210101274752629220L != v13) ? 4294967295L : (v13 % (((long) v0) | 1L))));
                                int[] a15 = new int[8];
                            } default -> {
                                out.put(0, Long.remainderUnsigned(639885973077460470L, (((((long) v14) >> 67) & Integer.compare(v0, v0)) | 1L)));
                                v0 = ctx.length();
                            } }
                        } }
                        { Long m16 = out.get(0); if (m16 != null) { v1 ^= m16; } }
                        int v17 = Integer.compareUnsigned((true ? (v0 - v0) : ctx.length()), (Integer.compareUnsigned(8, 1149724843) % (((byte) 2147483648L) | 1)));
                        { In h18 = ctx.header((((-872479786) - v17) & 31), In.class); if (h18 != null) { v1 += h18.q; if ((a2[(((v17 - v0)) & 0x7fffffff) % 8] & 1) != 0) { h18.flag = !h18.flag; } } }
                        return (((((int) ctx.u32((ctx.u8((ctx.u8((((char) ((long) v17)) & 63)) & 63)) & 63))) * 31 ^ (int) (long) v0) * 31 ^ (int) v1) * 31 ^ (int) (long) v17);
                    }
                    """,
                    "(fixed in RegisterAllocator, as above) a valid program refused: 88 bytes of arrays and 432 of spills overflow the "
                            + "512-byte stack (seed 4242, program seed 4242025647 of the generator of 22 November)"),
            Bug.program(Finding.Kind.VERIFIER, """
                    static int p0_h0(int a, long b) {
                        if (true) {
                            return ((0 >>> 13) ^ ((int) ((long) a)));
                        }
                        return Integer.compareUnsigned((a | Byte.toUnsignedInt((byte) a)), (~65535));
                    }
                    @BpfProgram(type = ProgramType.XDP)
                    static int p0(XdpContext ctx) {
                        int v0 = ctx.u8(69);
                        long v1 = ctx.u32((ctx.u8(1) & 63));
                        { int i2 = 0; do { {
                            { int i3 = 6; while (i3 > 0) { {
                                v0++;
                                { In h4 = ctx.header(38, In.class); if (h4 != null) { v1 -= (h4.flag ? 1 : 0); h4.q = (short) ((((int) 8167089183531643612L) << 53)); } }
                                out.add(1, ctx.u32((Long.compareUnsigned(2147483648L, v1) & 63)));
                            } i3--; } }
                            for (int i5 = 0; i5 < 2; i5++) {
                                long v6 = ((long) ctx.length());
                            }
                            if ((((v0 >> v0) >> 4) >= v0)) {
                                v0 %= ((((short) (-3858355655253052790L)) / (ctx.u16(41) | 1)) | 1);
                                v1 /= (((~(-2147483648L)) & (i2 & v0)) | 1L);
                                out.add(3, (((950270266 & 4096) != 0) ? 31L : 2042251758389490401L));
                            }
                        } i2++; } while (i2 < 6); }
                        { Flat h7 = ctx.header((v0 & 31), Flat.class); if (h7 != null) { v1 |= h7.c; h7.x = (long) (((~(-1L)) & Math.min((-752021347), (-205014638)))); } }
                        v0 = switch (((short) (v0 * ((long) v0))) & 3) { case 0 -> v0; case 1, 2 -> v0; default -> Integer.reverseBytes(v0); };
                        byte v8 = (byte) (((65535 - v0) << 10));
                        if (((v0 & 1024) != 0)) {
                            v8 += v0;
                            v0 = switch (Integer.compareUnsigned(((byte) (-1)), Math.max(1223711345, v8)) & 3) { case 0 -> (ctx.length() - Long.compare(v1, ((long) v0))); case 1, 2 -> Math.max(ctx.u8(((v8 + v8) & 63)), (65535 ^ v8)); default -> Math.min(v0, Byte.toUnsignedInt((byte) v0)); };
                            { Long m9 = out.get(1); if (m9 != null) { v1 ^= m9; } }
                        }
                        if (false) {
                            out.put(3, (v1 & ctx.length()));
                        }
                        { Long m10 = out.get(1); if (m10 != null) { v1 ^= m10; } }
                        return (((v8 * 31 ^ (int) (long) v0) * 31 ^ (int) v1) * 31 ^ (int) (long) v8);
                    }
                    """,
                    "(fixed in Statements, as above) the verifier gives up after 1,000,001 instructions (E2BIG): nested while and do loops "
                            + "of 6 x 6 around packet accesses, emitted as loops (seed 4242, program seed 4242017872 of the generator of 22 November)"),
            Bug.program(Finding.Kind.VERIFIER, """
                    @BpfProgram(type = ProgramType.XDP)
                    static int p0(XdpContext ctx) {
                        int v0 = ctx.u8((879977870 & 63));
                        long v1 = ctx.u32(43);
                        int[] a2 = new int[8];
                        if (((64L ^ (-64L)) != ((false || true) ? ((long) v0) : (((long) v0) | (-799297827057339814L))))) {
                            v0 = switch ((true ? ((int) ctx.u32(41)) : Integer.compare(v0, 1202833065)) & 3) { case 0 -> a2[(~1104058065) & 7]; case 1, 2 -> v0; default -> ctx.u8(3); };
                        } else {
                            out.put(0, ((((int) ctx.u32(34)) >= (v0 + 127)) ? ((2147483648L >= (-553963418)) ? (v1 >>> 14) : ((-4665726834032514003L) + (-111652727))) : (v1 | (-7058031570087146841L))));
                            switch (0 & 3) { case 0: {
                                out.put(1, (v0 * ((-((long) v0)) * (v0 | 256))));
                                byte v3 = (byte) ((~Long.compareUnsigned((8198222492621591713L / (((long) v0) | 1L)), ((-6444708056734565416L) >> v0))));
                                int v4 = v3;
                            } case 1: {
                                v0 = ((((char) v0) << 4) / (Integer.remainderUnsigned((false ? 64 : v0), (Byte.toUnsignedInt((byte) v0) | 1)) | 1));
                                char v5 = (char) ((((byte) v0) + 31));
                                v1 ^= (v0 * v1);
                            } break; default: {
                                ctx.storeU16((v0 & 63), ctx.u16(32));
                            } }
                            long v6 = ((-Integer.compare(v0, 127)) * ((1030948166 * ((long) v0)) >>> ctx.length()));
                        }
                        a2[((((int) (((long) v0) >> (-2147483648)))) & 0x7fffffff) % 8] = ctx.length();
                        v0 = switch (Integer.compareUnsigned(v0, Long.compareUnsigned(32L, 5881250032510394205L)) & 3) { case 0 -> Math.abs((v0 << 42)); case 1, 2 -> (v0 * (true ? v0 : v0)); default -> v0; };
                        v1 = (((v0 % (v0 | 1)) / ((v0 - v0) | 1)) * Long.remainderUnsigned(Long.remainderUnsigned(((long) v0), (((long) v0) | 1L)), (1413951792952001918L | 1L)));
                        { int i7 = 5; while (i7 > 0) { {
                            { int i8 = 0; do { {
                                v1 >>>= (1899633699 & 127);
                                { In h9 = ctx.header((i7 & 31), In.class); if (h9 != null) { v0 -= (h9.flag ? 1 : 0); h9.a = (int) (a2[Long.compare(((long) i8), ((long) v0)) & 7]); } }
                            } i8++; } while (i8 < 4); }
                        } i7--; } }
                        v1 >>= (v0 + v0);
                        long v10 = Math.max((-(false ? v1 : 4294967296L)), (((long) v0) / ((((long) v0) * ((long) v0)) | 1L)));
                        v10 = (ctx.u32(54) * ((false ? ((long) v0) : v10) % ((v1 << 1503832224) | 1L)));
                        ctx.storeU16(((~v0) & 63), ((-v0) & v0));
                        return (((((((int) v10) / (Long.compare(v10, v10) | 1)) >>> 55) * 31 ^ (int) (long) v0) * 31 ^ (int) v1) * 31 ^ (int) v10);
                    }
                    """,
                    "(fixed in Statements, as above) the verifier gives up after 1,000,001 instructions (E2BIG): nested while and do loops "
                            + "of 5 x 4 around packet accesses, emitted as loops (seed 4242, program seed 4242027599 of the generator of 22 November)"),
            Bug.program(Finding.Kind.VERIFIER, """
                    @BpfFunction
                    static int p0_h0(int a, long b) {
                        if (((96712131 & 4) != 0)) {
                            return a;
                        }
                        return (a - a);
                    }
                    static int p0_h1(int a, long b) {
                        if (false) {
                            return ((int) (false ? ((long) a) : b));
                        }
                        return ((char) Integer.compareUnsigned((a + 2), (33 >> 17)));
                    }
                    @BpfProgram(type = ProgramType.XDP)
                    static int p0(XdpContext ctx) {
                        int v0 = 29;
                        long v1 = ctx.u32(33);
                        for (int i8 = 0; i8 < 5; i8++) {
                            switch (Math.abs(((char) v1)) & 3) { case 0: {
                                v0++;
                                char v9 = (char) (1);
                            } case 1: {
                                long v10 = ((v0 >= 256) ? (-((long) v0)) : (~((long) v0)));
                            } break; default: {
                                v1 <<= 25;
                                v1 = (((long) v0) >>> 40);
                                ctx.storeU16(((~v0) & 63), 64);
                            } }
                            switch (Integer.remainderUnsigned(Long.compare(((long) v0), (-3428540092715492395L)), (((-1473645161) >> i8) | 1)) & 3) { case 0: {
                                ctx.storeU8(24, (~Byte.toUnsignedInt((byte) 89215754)));
                            } case 1: {
                                v1 = (Integer.compare((-1665923874), ((int) ctx.u32(45))) * ((false ? 7428649467070577519L : v1) + ctx.u8(15)));
                                { In h11 = ctx.header(((v0 / (i8 | 1)) & 31), In.class); if (h11 != null) { v1 *= h11.c; h11.p = (byte) (i8); } }
                                v0 >>>= (i8 / (i8 | 1));
                            } break; default: {
                                short v12 = (short) (((i8 * 64) / (v0 | 1)));
                            } }
                        }
                        out.put(53, (((4294967295L * v1) + (0L + ((long) v0))) + Long.compare(Integer.toUnsignedLong(v0), (v0 * v1))));
                        return ((Long.compare(Math.max((v0 * (-4804684663778950481L)), (v1 % (8884336914861054649L | 1L))), Integer.toUnsignedLong(ctx.u8((Math.abs(v0) & 63)))) * 31 ^ (int) (long) v0) * 31 ^ (int) v1);
                    }
                    """,
                    "(fixed in CommonSubexpressions) the verifier gives up after 1,000,001 instructions (E2BIG): one load of "
                            + "data reused across the five-iteration loop's merges and back edge, where the loop reloaded it before "
                            + "(seed 6661, program seed 6661020664 of the generator of 22 November)"),
            Bug.program(Finding.Kind.VERIFIER, """
                    static int p0_h0(int a, long b) {
                        if ((Integer.compareUnsigned((true ? (-771625621) : a), ((int) b)) == 0)) {
                            return a;
                        }
                        return (((-959614236) >>> 14) / ((Long.compare(b, ((long) a)) >> 68) | 1));
                    }
                    @BpfProgram(type = ProgramType.XDP)
                    static int p0(XdpContext ctx) {
                        int v0 = ctx.u8(33);
                        long v1 = ctx.u32(64);
                        short v2 = (short) ((p0_h0(Short.toUnsignedInt((short) v0), (4294967295L >> 67)) << 53));
                        { Flat h3 = flatOrNull(ctx, 35, (-1402351134)); if (h3 != null) { v0 -= h3.p2; h3.q = (short) ((((-201218162) >> 13) * v0)); } }
                        { Cell c4 = cells.get(1); if (c4 != null) { v1 -= Atomics.compareAndExchange(c4, "x", (ctx.u8(7) * ctx.u32(49)), Math.abs(((-5126164916314300952L) % ((-8457127919580577647L) | 1L)))); } }
                        v1 = (((long) v2) >>> Integer.divideUnsigned(v2, ((v2 % ((-2121542701) | 1)) | 1)));
                        v1 |= ((~(((long) v2) >>> 32)) + ((((long) v0) << 21) / ((v2 * (-7559873946609103279L)) | 1L)));
                        v0 /= (ctx.length() | 1);
                        if (false) {
                            v0 = switch ((127 << 35) & 3) { case 0 -> (p0_h0(151283875, (-5364826463397090913L)) ^ Integer.compare(v2, (-128))); case 1, 2 -> ((int) ((-4214921646484203505L) / (((long) v0) | 1L))); default -> ((int) ((-1L) >> 8)); };
                        } else {
                            if ((((int) ctx.u32((v2 & 63))) > ((char) (v0 * 1645027783)))) {
                                short v5 = (short) ((v2 - (p0_h0(v2, ((long) v0)) + (v2 / (v2 | 1)))));
                                out.put(2, ctx.u32((((int) 1631093991608117854L) & 63)));
                            } else {
                                int v6 = v2;
                                char v7 = (char) (((~1701321025) | Integer.divideUnsigned(Byte.toUnsignedInt((byte) (-1)), (Integer.compareUnsigned(v0, v2) | 1))));
                            }
                        }
                        out.put(0, (31 * (-((long) v0))));
                        { In h8 = ctx.header((((int) ctx.u32(29)) & 31), In.class); if (h8 != null) { v1 -= h8.p; h8.p = (byte) (v0); } }
                        return (((Long.compareUnsigned((Math.max(2147483648L, ((long) v0)) ^ Long.compareUnsigned(((long) v0), ((long) v2))), ((v2 * v1) / (((long) v0) | 1L))) * 31 ^ (int) (long) v0) * 31 ^ (int) v1) * 31 ^ (int) (long) v2);
                    }
                    """,
                    "(fixed in BitSimplification) at v4, R2 offset is outside of the packet: the mask of ctx.u32(v2 & 63) "
                            + "dropped, v2 being known 0 ((short) (x << 21)), which the verifier does not see through movsx "
                            + "(seed 7510, program seed 7510023404)"),
            Bug.program(Finding.Kind.CRASH, """
                    static int p0_h0(int a, long b) {
                        if ((4490266848335452260L >= a)) {
                            return a;
                        }
                        return ((((byte) 3) & a) ^ ((Long.compareUnsigned((-720729532), a) <= 0) ? a : (a + a)));
                    }
                    @BpfProgram(type = ProgramType.XDP)
                    static int p0(XdpContext ctx) {
                        int v0 = ctx.u8(50);
                        long v1 = ctx.u32((((-663785728) >>> v0) & 63));
                        { Flat h2 = ctx.header((Math.max((-128), (-1073759881)) & 31), Flat.class); if (h2 != null) { v0 *= h2.q; h2.a2 = (int) (33); } }
                        ctx.storeU32(((~(-38551754)) & 63), ctx.length());
                        if ((Integer.compareUnsigned((255 >>> 35), Math.max(ctx.length(), 2)) == 0)) {
                            { In h3 = ctx.header(63, In.class); if (h3 != null) { v0 *= h3.p; h3.q = (short) ((-128)); } }
                            ctx.storeU8(66, v0);
                        } else {
                            if ((97918937 > v0)) {
                                int v4 = v0;
                                int[] a5 = new int[8];
                                v1 >>>= ctx.u8(8);
                            }
                        }
                        { int i6 = 0; do { {
                            v0 %= (((((long) v0) <= i6) ? (~v0) : p0_h0(v0, ((long) v0))) | 1);
                            for (int i7 = 8; i7 > 0; i7 -= 2) {
                                int[] a8 = new int[8];
                                System.arraycopy(a8, 2, a8, 3, 5);
                                { Flat h9 = ctx.header((Math.abs(v0) & 63), Flat.class); if (h9 != null) { Flat s10 = new Flat(); Structs.copy(s10, h9); v0 |= s10.c; s10.a = (int) ((Byte.toUnsignedInt((byte) v0) * ((char) i6))); } }
                            }
                            { Long m11 = out.get(175); if (m11 != null) { v1 ^= m11; } }
                        } i6++; } while (i6 < 6); }
                        v0 = switch ((Long.compareUnsigned(v1, v1) & ctx.length()) & 3) { case 0 -> (Math.abs((-43296602)) >> ((-924688299) ^ 1459606458)); case 1, 2 -> (~0); default -> Integer.compareUnsigned(((byte) v0), (v0 - v0)); };
                        { int i12 = 0; do { {
                            v0 = Math.abs((ctx.u8(5) >> ctx.u8(16)));
                            if ((((~v0) != (1360536667 % (v0 | 1))) || ((false ^ false) || (Integer.compareUnsigned(31, 2147483647) != 0)))) {
                                out.put(175, v1);
                                out.add(172, ((v1 >>> 57) % ((v1 - v0) | 1L)));
                            }
                            switch ((v0 << (true ? 256 : v0)) & 3) { case 0: {
                                v0--;
                            } case 1: {
                                v1 -= (-((long) ((-941583401) | v0)));
                                v0 = (ctx.u8(14) >> i12);
                                { Long m13 = out.get(172); if (m13 != null) { v1 ^= m13; } }
                            } break; default: {
                                long v14 = ctx.u32((v0 & 63));
                            } }
                        } i12++; } while (i12 < 6); }
                        return ((Long.compare((32L >> 51), ctx.u32((v0 & 63))) * 31 ^ (int) (long) v0) * 31 ^ (int) v1);
                    }
                    """,
                    "(fixed in Optimizer) 'optimizing p0 does not settle after 100 rounds': the copies of its unrolled "
                            + "loops are decided one per round, a chain longer than the fixed bound; the bound now grows "
                            + "with the function (seed 31337, program seed 31337105504, found by a 20,000-program run)"),
            Bug.program(Finding.Kind.VERIFIER, """
                    @BpfProgram(type = ProgramType.XDP)
                    static int p0(XdpContext ctx) {
                        int v0 = ctx.u8((((-188153975) + 1250056105) & 63));
                        long v1 = ctx.u32(23);
                        int[] a4 = {((byte) 1950088183043655014L), 1904687730, Math.min(v0, 63), ((int) ((long) v0)), ((int) ctx.u32(28)), Long.compareUnsigned(v1, ((long) v0)), Integer.reverseBytes(v0), ctx.u16((((char) v0) & 63))}; java.util.Arrays.fill(a4, 4, 6, v0);
                        for (int i5 = 8; i5 > 0; i5 -= 2) {
                            for (int i6 : a4) {
                                { In h7 = ctx.header(((false ? (-2035463481) : 1884971290) & 31), In.class); if (h7 != null) { v0 += (h7.flag ? 1 : 0); h7.q = (short) (((65535 > v0) ? (i5 >>> i6) : ctx.length())); } }
                                { Flat h8 = ctx.header((Short.toUnsignedInt((short) i6) & 31), Flat.class); if (h8 != null) { v1 |= h8.q2; h8.a2 = (int) ((v0 >>> 68)); } }
                            }
                        }
                        switch ((Integer.divideUnsigned((-1), (v0 | 1)) - (-v0)) & 3) { case 0 -> {
                            switch (466926238 & 3) { case 0 -> {
                                ctx.storeU16((v0 & 63), Math.max(((-128) * v0), (~v0)));
                            } case 1, 2 -> {
                                { Flat h9 = ctx.header(((~v0) & 63), Flat.class); if (h9 != null) { Flat s10 = new Flat(); Structs.copy(s10, h9); v1 |= s10.a; s10.c = (char) (v0); } }
                                v1++;
                            } default -> {
                                int v11 = (false ? Integer.compare(((-128) / (v0 | 1)), Byte.toUnsignedInt((byte) v0)) : v0);
                                int[] a12 = new int[8];
                                a4[((true ? v0 : v0) * a4[v11 & 7]) & 7] = (((char) ((byte) v0)) >>> ((v11 ^ v11) * (65535 >>> (-1496046064))));
                            } }
                        } case 1, 2 -> {
                            { Flat h13 = flatOrNull(ctx, (Math.abs(v0) & 31), (v0 << 69)); if (h13 != null) { v1 ^= h13.x; h13.a2 = (int) (Long.compareUnsigned((v0 * v1), ((long) v0))); } }
                            ctx.storeU16(52, (~v0));
                            out.put(1, Long.divideUnsigned(((false ? ((long) v0) : v1) ^ (165833018 * v1)), ((Long.divideUnsigned((-9223372036854775808L), (4294967296L | 1L)) << a4[((v0) & 0x7fffffff) % 8]) | 1L)));
                        } default -> {
                            for (int i14 = 0; i14 < 6; i14++) {
                                out.put(0, (-((long) i14)));
                                v1 /= (((true ? (-8117139471593216538L) : ((long) v0)) >>> (v0 & v0)) | 1L);
                            }
                            { Long m15 = out.get(2); if (m15 != null) { v1 ^= m15; } }
                        } }
                        { Flat h16 = ctx.header((1619960325 & 63), Flat.class); if (h16 != null) { Flat s17 = new Flat(); Structs.copy(s17, h16); v1 += s17.p; s17.p2 = (byte) (v0); } }
                        System.arraycopy(a4, 2, a4, 2, 6);
                        switch ((Integer.divideUnsigned(v0, (v0 | 1)) | Integer.remainderUnsigned(v0, (v0 | 1))) & 3) { case 0: {
                            java.util.Arrays.fill(a4, ((v0 / (v0 | 1)) / (((-2147483648) & v0) | 1)));
                            System.arraycopy(a4, 1, a4, 0, 6);
                        } case 1: {
                            long v18 = ((Math.abs(v0) * ((long) 256)) - (((long) v0) >> (v0 + v0)));
                        } break; default: {
                            { Long m19 = out.get(3); if (m19 != null) { v1 ^= m19; } }
                            for (int i20 : a4) {
                                out.add(1, (a4[(((-713408100)) & 0x7fffffff) % 8] * 376548602204550908L));
                                { Flat h21 = ctx.header(42, Flat.class); if (h21 != null) { v0 &= h21.a2; h21.p = (byte) (((int) ctx.u32(((v0 >> 18) & 63)))); } }
                            }
                        } }
                        switch ((v0 + (v0 * v0)) & 3) { case 0 -> {
                            v0 = switch (ctx.u8(53) & 3) { case 0 -> Integer.compareUnsigned((v0 + (-1883084262)), (false ? (-2147483648) : 2)); case 1, 2 -> v0; default -> (((char) v0) ^ ctx.u16(((v0 | v0) & 63))); };
                            if ((!((((-2041123810) >> v0) & 1073741824) != 0))) {
                                v1 %= (v1 | 1L);
                                out.put(0, (ctx.u32(22) + (-3293764078470660705L)));
                                out.put(1, Long.divideUnsigned(((5623533916763788558L / (((long) v0) | 1L)) * ctx.u16(14)), (((long) v0) | 1L)));
                            } else {
                                out.add(2, ((v1 & v0) >> (-1)));
                                { In h22 = ctx.header(51, In.class); if (h22 != null) { v0 += h22.x; h22.c = (char) (((int) (((long) v0) >> 61))); } }
                                int v23 = (((v0 >= 127) | ((v0 & 262144) != 0)) ? (~v0) : ctx.u8((((int) ctx.u32((Short.reverseBytes((short) v0) & 63))) & 63)));
                            }
                        } case 1, 2 -> {
                            byte v24 = (byte) (Integer.compare(Long.compareUnsigned((-((long) v0)), (v0 * v1)), ((~1221787573) & (v0 / (v0 | 1)))));
                            System.arraycopy(a4, 0, a4, 4, 2);
                        } default -> {
                            switch (Long.compareUnsigned(((long) v0), ((long) v0)) & 3) { case 0: {
                                System.arraycopy(a4, 2, a4, 4, 2);
                                v0 &= a4[Integer.remainderUnsigned(v0, 8)];
                                v0 >>= ((int) ctx.u32(((v0 >> v0) & 63)));
                            } case 1: {
                                v1 &= (Long.compare(((long) v0), (((long) v0) & v1)) * ((long) v0));
                                v1 = ((ctx.u8(13) * (v0 * 2147483648L)) * v1);
                            } break; default: {
                                out.add(0, v1);
                                a4[((byte) (v0 >> 40)) & 7] |= ((int) (-(1L >> (-468184688))));
                                out.put(1, (((v1 >> 63) ^ v0) | (Math.min(v1, (-302636355486604567L)) - (v1 << (-885039381)))));
                            } }
                        } }
                        return (((ctx.u8((Integer.divideUnsigned(v0, (((short) 33) | 1)) & 63)) * 31 ^ (int) (long) v0) * 31 ^ (int) v1) * 31 + 1 * a4[0] + 3 * a4[1] + 5 * a4[2] + 7 * a4[3] + 9 * a4[4] + 11 * a4[5] + 13 * a4[6] + 15 * a4[7]);
                    }
                    """,
                    "(fixed in BranchlessBooleans) the verifier gives up after 1,000,001 instructions (E2BIG) at v3 and v4: "
                            + "the unrolled 4 x 8 loop adds h7.flag ? 1 : 0 to v0, which the test 65535 > v0 makes precise, so each "
                            + "count of set flags was its own state for all the code below (seed 4242, program seed 4242029569, "
                            + "found by a 20,000-program run at v4)"),
            Bug.body(Finding.Kind.MISMATCH, List.of(
                    "int a = ((int) ctx.u32(0)) & 503358842;",
                    "out.put(SLOT(0), (long) (a & (a >>> 31)));"),
                    "(fixed in BitSimplification) map entry differs: the mask of a was dropped, as 'a & (a >>> 31)' "
                            + "observes only the bits a >>> 31 can have, which rest on that mask (seed 2718, program seed "
                            + "2718017172, found at v3 by a 20,000-program run; the same error lost a (char) in "
                            + "'(long) c & c', seed 9302, program seed 9302027943, at v4)"),
            Bug.body(Finding.Kind.CRASH, List.of(
                    "int i = 0;",
                    "do {",
                    "    long v = -((long) i) >> 17;",
                    "    Flat h = ctx.header(49, Flat.class);",
                    "    if (h != null) {",
                    "        v |= ((h.p < 0 ? Character.reverseBytes(h.c) : Character.reverseBytes((char) h.q2)) == 0x0800 ? 1 : 0);",
                    "    }",
                    "    i++;",
                    "} while (i < 5);"),
                    "(fixed in ByteSwapFolding) internal compiler error (NullPointerException): a phi of two swaps "
                            + "that nothing uses was taken for one that only tests use (seed 7707, program seed "
                            + "7707024507, found by a 2,000-program run once the generator chose EtherTypes that way)"),
            Bug.program(Finding.Kind.VERIFIER, """
                    @BpfFunction
                    static int p0_h0(int a, long b) {
                        if ((((a << a) & 67108864) != 0)) {
                            return a;
                        }
                        return Long.compareUnsigned((((long) 531885253) + ((int) ((long) a))), ((a * b) ^ a));
                    }
                    static int p0_h1(int a, long b) {
                        if ((((a & 0x80) == 0x15974743 && (a & 0x8) == 0x0 && (a & 0x80) != 0x80) ^ ((a & 0x1) == 0xB19D69F9 || (a & 0xA8) == 0xA8 || (a & 0x2) == 0x7725C3DD))) {
                            return a;
                        }
                        return (a + a);
                    }
                    @BpfProgram(type = ProgramType.XDP)
                    static int p0(XdpContext ctx) {
                        int v0 = ctx.u8(38);
                        long v1 = 0L;
                        for (int i2 = 10; i2 > 0; i2 -= 2) {
                            v1 = Math.max(2147483648L, ((long) i2));
                            v0 /= ((1180149833 % (Integer.divideUnsigned(i2, (v0 | 1)) | 1)) | 1);
                            out.put(40, (((false ? v1 : v1) << 20) - ((v1 << 18) | (v0 * v1))));
                        }
                        int v3 = Integer.compare(((v0 >> v0) << v0), (Integer.compareUnsigned(2043224690, v0) + ((int) v1)));
                        if (((((-1004358463) % (ctx.u8(27) | 1)) & 1) != 0)) {
                            if (((-Integer.remainderUnsigned(v0, (v3 | 1))) < ((int) ((long) v3)))) {
                                long v4 = (-7104238762620709046L);
                                { Flat h5 = ctx.header(44, Flat.class); if (h5 != null) { Flat s6 = new Flat(); Structs.copy(s6, h5); v0 -= s6.a2; s6.a2 = (int) (p0_h1((1467679516 / (v0 | 1)), ctx.u32(((v0 >> v3) & 63)))); Structs.copy(h5, s6); } }
                                { Flat h7 = flatOrNull(ctx, ((v3 + v0) & 31), v3); if (h7 != null) { v3 &= h7.c; h7.x = (long) ((v1 % (2128573321286982785L | 1L))); } }
                            } else {
                                short v8 = (short) (ctx.u16((Short.reverseBytes((short) ctx.u8((Integer.divideUnsigned(v0, (v0 | 1)) & 63))) & 63)));
                            }
                            switch (430384540 & 3) { case 0: {
                                out.put(43, (((Integer.compareUnsigned(1107542697, v0) < 0) ? (v1 >> 65) : (127 * 463286602811782261L)) >> 65));
                                int v9 = Long.compare(((4294967295L ^ v1) << Integer.compare(v0, v0)), ctx.u32(55));
                                { Long m10 = out.get(40); if (m10 != null) { v1 ^= m10; } }
                            } case 1: {
                                v1--;
                            } break; default: {
                                { In h11 = ctx.header(((v0 + v0) & 31), In.class); if (h11 != null) { v3 -= (h11.flag ? 1 : 0); h11.a = (int) (ctx.u8(16)); } }
                                { Flat h12 = ctx.header(34, Flat.class); if (h12 != null) { Flat s13 = new Flat(); Structs.copy(s13, h12); v1 += s13.q; s13.a2 = (int) (ctx.u8(54)); } }
                                byte v14 = (byte) (p0_h1(Integer.compareUnsigned(p0_h0(1027755154, ((long) v3)), Integer.reverseBytes((-2026577939))), (((char) 32L) * (64L & v3))));
                            } }
                            { Long m15 = out.get(43); if (m15 != null) { v1 ^= m15; } }
                        }
                        int[] a16 = {Long.compareUnsigned(((long) v0), v1), ((int) 1528057048980536826L), (-1988859472), (true ? v3 : 1647361278), (v3 * v0), (v0 % (v3 | 1)), Integer.divideUnsigned(v3, ((-2147483648) | 1)), (v3 - v0)}; java.util.Arrays.fill(a16, 4, 4, v0);
                        { int i17 = 0; do { {
                            a16[p0_h0(v3, ctx.u32(((v0 % (v0 | 1)) & 63))) & 7] &= 659848333;
                            v3 = switch (ctx.u16((Math.abs((-2147483648)) & 63)) & 3) { case 0 -> ((i17 >> 40) & (false ? v0 : (-769206986))); case 1, 2 -> ((byte) ((char) ((long) v3))); default -> (ctx.u8(0) - v3); };
                            if (((ctx.u8(0) & 4096) != 0)) {
                                { In h18 = ctx.header((((byte) 1860821188366987371L) & 31), In.class); if (h18 != null) { v0 += h18.p; h18.q = (short) (ctx.u8(((i17 >> 15) & 63))); } }
                                a16[(ctx.u8(19) | (~1522434808)) & 7] += (Math.min((v3 & i17), (-128)) << p0_h1(((int) v1), (~((long) i17))));
                            } else {
                                out.put(40, Long.remainderUnsigned((Integer.toUnsignedLong(v0) | Math.min(v1, 1L)), (((v1 >> i17) + Long.remainderUnsigned(((long) v3), (v1 | 1L))) | 1L)));
                                int v19 = ctx.u8((p0_h0(Math.max(i17, v0), Math.min((-965966065101727135L), ((long) v0))) & 63));
                                out.put(42, ((Integer.compareUnsigned((-732448716), v3) * (i17 * ((long) v19))) | Math.abs((v1 + ((long) v19)))));
                            }
                        } i17++; } while (i17 < 6); }
                        long v20 = ((long) v0);
                        return (((((550187494 * 31 ^ (int) (long) v0) * 31 ^ (int) v1) * 31 ^ (int) (long) v3) * 31 ^ (int) v20) * 31 + 1 * a16[0] + 3 * a16[1] + 5 * a16[2] + 7 * a16[3] + 9 * a16[4] + 11 * a16[5] + 13 * a16[6] + 15 * a16[7]);
                    }
                    """,
                    "(fixed in VerifiedOnce) the verifier gives up after 1,000,001 instructions (E2BIG) at v4: p0_h0, "
                            + "a BPF-to-BPF function checked at each of its calls in the caller's state, returns values the "
                            + "caller adds to the packet pointer, so the verifier tracked v3, which a three-way switch sets in "
                            + "each of the six unrolled rounds, exactly through it; now integer-only functions "
                            + "are global, verified once (seed 4242, program seed 4242017416, found by a 20,000-program run)"),
            Bug.program(Finding.Kind.MISMATCH, """
                    @BpfProgram(type = ProgramType.XDP)
                    static int p0(XdpContext ctx) {
                        int v0 = 0;
                        long v1 = 0L;
                        int[] a15 = new int[8];
                        java.util.Arrays.fill(a15, 3, 4, 65535);
                        { int i18 = 0; do { {
                            int v19 = (ctx.u16(0) | (true ? v0 : ((int) ((long) v0))));
                            for (int i20 = 0; i20 < 1; i20++) {
                                int v21 = ((~Integer.compare((-1488203923), i20)) << ((~v19) | ctx.u8(36)));
                                if ((((192211311 << 41) & 268435456) != 0)) continue;
                            }
                            System.arraycopy(a15, 2, a15, 1, 6);
                        } i18++; } while (i18 < 5); }
                        return (0 * 31 + 1 * a15[0] + 3 * a15[1] + 5 * a15[2] + 7 * a15[3] + 9 * a15[4] + 11 * a15[5] + 13 * a15[6] + 15 * a15[7]);
                    }
                    """,
                    "(fixed in StackForwarding) JVM returned 0, kernel 327675: the do loop's body, once its dead "
                            + "reads were gone, was one block looping to itself, and the back edge kept the array's "
                            + "contents from before the loop, as the check of what the loop writes skipped the loop's "
                            + "head (seed 6007, program seed 6007025036, found by a 20,000-program run)"));

    private KnownCompilerBugs() {
    }
}
