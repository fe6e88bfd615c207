package org.bpf4j.it.fuzz;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The one place where the fuzzers step around compiler bugs (and bugs of the JVM oracle in
 * {@code org.bpf4j.lang}) that are known and not yet fixed,
 * so CI stays green while the bug is open. Every entry names the construct the generator then
 * stops producing, the shrunken reproducer (the body of an XDP program over the fuzzers' array
 * map {@code out}) and the symptom. {@code KnownCompilerBugsKernelTest} checks that each
 * reproducer still fails; when one stops failing, its bug is fixed: delete the entry, and the
 * generator produces the construct again.
 */
final class KnownCompilerBugs {
    /** Constructs the generator can be told to leave out. */
    enum Construct {
        /** {@code continue} of a for loop that is nested in the body of a while or do-while loop. */
        CONTINUE_IN_LOOP_INSIDE_WHILE,
        /**
         * Writes through a header struct with padding or a boolean field: the generator then
         * uses only {@link Batch#FLAT_STRUCT}. (This bug is in the JVM oracle, not the compiler.)
         */
        PADDED_OR_BOOLEAN_HEADER_WRITE
    }

    /**
     * One open bug. {@code construct} is what the generator avoids because of it, or null when
     * the CI run's seed does not reach the bug (found by a larger exploratory run): the generator
     * still produces the construct, and only this entry's test keeps the reproducer.
     */
    record Bug(Construct construct, Finding.Kind kind, List<String> reproducer, String symptom) {
        Program program() {
            return new Program("known bug: " + symptom, List.of(),
                    reproducer.stream().map(line -> Stmt.simple(line, false)).toList(), Expr.leaf(Expr.Kind.INT, "0"));
        }
    }

    static final List<Bug> OPEN = List.of(
            new Bug(Construct.CONTINUE_IN_LOOP_INSIDE_WHILE, Finding.Kind.REJECTED, List.of(
                    "{ int i9 = 0; do {",
                    "    for (int i10 = 6; i10 > 0; i10 -= 2) {",
                    "        if (ctx.u8(0) == 3) continue;",
                    "    }",
                    "    i9++; } while (i9 < 4); }"),
                    "wrongly rejected: 'loop without a provable bound: a continue may skip the counter's step at the end "
                            + "of the body' is reported at the do-while although the continue belongs to the inner for loop"),
            new Bug(null, Finding.Kind.VERIFIER, List.of(
                    "for (int i2 = 0; i2 < 4; i2++) {",
                    "    ctx.storeU16(69, (0 & ((int) ctx.u32(68))));",
                    "}"),
                    "the verifier refuses 'invalid access to packet, off=69 size=2': the first unrolled iteration's "
                            + "store *(u16 *)(r3 + 69) = 0 is emitted before any bounds check; the dead read ctx.u32(68), "
                            + "whose check covered the store, was dropped but the store still relied on it (seed 99, "
                            + "program seed 99000343, 1 of 5000 programs)"),
            new Bug(Construct.PADDED_OR_BOOLEAN_HEADER_WRITE, Finding.Kind.MISMATCH, List.of(
                    "In h5 = ctx.header(0, In.class);",
                    "if (h5 != null) {",
                    "    h5.flag = false;",
                    "}"),
                    "output packet differs, on the JVM side: after a write of one field, PacketContext.sync (org.bpf4j.lang) "
                            + "re-encodes the whole struct and writes back every byte that differs from the snapshot, so "
                            + "padding bytes become 0 and a boolean byte other than 0/1 becomes 1, where the kernel (rightly) "
                            + "stores only the assigned field"));

    /**
     * Reproducers of bugs the generators found that are fixed, kept as regression tests: each
     * must now compile, load and agree with the JVM. {@code kind} and {@code symptom} say what it
     * did before the fix.
     */
    static final List<Bug> FIXED = List.of(
            new Bug(null, Finding.Kind.CRASH, List.of(
                    "int v0 = 0;",
                    "long v1 = ctx.u32(7);",
                    "v0 ^= (v1 << 51);",
                    "out.put(SLOT(0), (long) v0);"),
                    "(fixed in Alu32Narrowing) internal compiler error while emitting the BPF object: IllegalStateException: optimizing the "
                            + "program does not settle after 100 rounds. The int result of a long shifted left by 32 or "
                            + "more (here int ^= long << 51) has 32 known-zero low bits"),
            new Bug(null, Finding.Kind.CRASH, List.of(
                    "long v1 = ctx.u32(0);",
                    "for (int i3 = 0; i3 < 2; i3++) {",
                    "    v1 <<= 53192549;",
                    "}",
                    "out.put(SLOT(0), (long) (int) v1);"),
                    "the same non-settling optimization, reached through a loop of long <<= by a count that is 37 "
                            + "modulo 64"));

    private static final Set<Construct> AVOIDED = EnumSet.noneOf(Construct.class);

    static {
        OPEN.stream().map(Bug::construct).filter(c -> c != null).forEach(AVOIDED::add);
    }

    private KnownCompilerBugs() {
    }

    static boolean allows(Construct construct) {
        return !AVOIDED.contains(construct);
    }
}
