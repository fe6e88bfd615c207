package org.bpf4j.it.fuzz;

import java.util.List;

/**
 * The bugs the fuzzers found, each with its shrunken reproducer (the body of an XDP program over
 * the fuzzers' array map {@code out}) and what it did before its fix. All are fixed;
 * {@code KnownCompilerBugsKernelTest} runs every reproducer as a regression test: it must
 * compile, load and agree with the JVM. A new bug found by a fuzzer is fixed and its reproducer
 * added here.
 */
final class KnownCompilerBugs {
    record Bug(Finding.Kind kind, List<String> reproducer, String symptom) {
        Program program() {
            return new Program("regression: " + symptom, List.of(),
                    reproducer.stream().map(line -> Stmt.simple(line, false)).toList(), Expr.leaf(Expr.Kind.INT, "0"));
        }
    }

    static final List<Bug> FIXED = List.of(
            new Bug(Finding.Kind.VERIFIER, List.of(
                    "int[] t = new int[8];",
                    "t[(ctx.u8(0) & 0x7fffffff) % 8] = 5;",
                    "t[7 >>> ctx.u8(2)] += 1;",
                    "out.put(SLOT(0), (long) t[5] + t[0]);"),
                    "(fixed in InstructionSelector) the verifier refuses 'math between fp pointer and register with "
                            + "unbounded min value': it forgets the range of a 32-bit remainder, division or shift by a "
                            + "register, and the widening of the index to 64 bits was free, so the index stayed unbounded "
                            + "(found by hand, then by the generator once it indexed arrays with remainders: 58 of 445 programs)"),
            new Bug(Finding.Kind.MISMATCH, List.of(
                    "In h5 = ctx.header(0, In.class);",
                    "if (h5 != null) {",
                    "    h5.flag = false;",
                    "}"),
                    "(fixed in PacketContext, the JVM oracle) output packet differs: the JVM side compared the "
                            + "re-encoded header with the packet's bytes, so padding became 0 and a boolean byte other "
                            + "than 0/1 became 1 where the kernel (rightly) stores only the assigned field"),
            new Bug(Finding.Kind.REJECTED, List.of(
                    "{ int i9 = 0; do {",
                    "    for (int i10 = 6; i10 > 0; i10 -= 2) {",
                    "        if (ctx.u8(0) == 3) continue;",
                    "    }",
                    "    i9++; } while (i9 < 4); }"),
                    "(fixed in LoopBounds) wrongly rejected: 'loop without a provable bound: a continue may skip "
                            + "the counter's step at the end of the body' is reported at the do-while although the continue belongs to the inner for loop"),
            new Bug(Finding.Kind.VERIFIER, List.of(
                    "for (int i2 = 0; i2 < 4; i2++) {",
                    "    ctx.storeU16(69, (0 & ((int) ctx.u32(68))));",
                    "}"),
                    "(fixed in BoundsCheckMerging) the verifier refuses 'invalid access to packet, off=69 size=2': "
                            + "the first unrolled iteration's store *(u16 *)(r3 + 69) = 0 is emitted before any bounds check; the dead read ctx.u32(68), "
                            + "whose check covered the store, was dropped but the store still relied on it (seed 99, "
                            + "program seed 99000343, 1 of 5000 programs)"),
            new Bug(Finding.Kind.VERIFIER, List.of(
                    "ctx.storeU8(46, 0 * (int) ctx.u32(43));"),
                    "(fixed in BoundsCheckMerging) the verifier refuses 'invalid access to packet, off=46 size=1': once "
                            + "the read's value died, both ways of its null test led to the same block, and the store's check "
                            + "was merged into that test, which proves nothing and was then folded away (seed 7, program "
                            + "seed 7001138, 1 of 20,000 programs)"),
            new Bug(Finding.Kind.CRASH, List.of(
                    "int v0 = 0;",
                    "long v1 = ctx.u32(7);",
                    "v0 ^= (v1 << 51);",
                    "out.put(SLOT(0), (long) v0);"),
                    "(fixed in Alu32Narrowing) internal compiler error while emitting the BPF object: "
                            + "IllegalStateException: optimizing the program does not settle after 100 rounds. The int result of a long shifted left by 32 or "
                            + "more (here int ^= long << 51) has 32 known-zero low bits"),
            new Bug(Finding.Kind.CRASH, List.of(
                    "long v1 = ctx.u32(0);",
                    "for (int i3 = 0; i3 < 2; i3++) {",
                    "    v1 <<= 53192549;",
                    "}",
                    "out.put(SLOT(0), (long) (int) v1);"),
                    "the same non-settling optimization, reached through a loop of long <<= by a count that is 37 "
                            + "modulo 64"));

    private KnownCompilerBugs() {
    }
}
