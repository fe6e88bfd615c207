package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** {@link BitTestMerging} of tests of bits of one value, held against the JVM. */
class BitTestMergingTest {
    /** {@code (x & mask) cmp value}, cmp EQ or NE. */
    private record BitTest(long mask, Cmp cmp, long value) {
        boolean holds(long x) { return (x & mask) == value == (cmp == Cmp.EQ); }
    }

    /**
     * {@code f(x) = t1 && t2 && ... ? 1 : 0} (or {@code ||}), each test a branch on its own mask of
     * x, optimized; with {@code maskReadBelow} the first mask is also returned where all pass.
     */
    private static Function chain(Type type, boolean or, boolean maskReadBelow, BitTest... tests) {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, type);
        Block yes = b.newBlock("yes"), no = b.newBlock("no");
        Value firstMask = null;
        for (int k = 0; k < tests.length; k++) {
            BitTest t = tests[k];
            Value masked = b.and(b.param(0), Constant.of(type, t.mask()));
            if (firstMask == null) firstMask = masked;
            Block next = k == tests.length - 1 ? (or ? no : yes) : b.newBlock("test");
            if (or) b.condBr(t.cmp(), masked, Constant.of(type, t.value()), yes, next);
            else b.condBr(t.cmp(), masked, Constant.of(type, t.value()), next, no);
            b.setBlock(next);
        }
        b.setBlock(yes);
        b.ret(maskReadBelow ? (type == Type.I64 ? firstMask : b.zext(firstMask, 4, Type.I64)) : Constant.i64(1));
        b.setBlock(no);
        b.ret(Constant.i64(0));
        Function f = b.build();
        Optimizer.checking().run(f);
        return f;
    }

    private static long count(Function f, Op op) {
        return f.instructions().stream().filter(i -> i.op() == op).count();
    }

    /** {@code f} answers as the tests joined by {@code or} or {@code and} do on the JVM. */
    private static void assertAnswers(Function f, boolean or, BitTest... tests) {
        IrRunner.assertComputes((x, y) -> {
            boolean all = !or;
            for (BitTest t : tests) all = or ? all || t.holds(x) : all && t.holds(x);
            return all ? 1 : 0;
        }, f);
        for (long x = 0; x < 1024; x++) {
            boolean all = !or;
            for (BitTest t : tests) all = or ? all || t.holds(x) : all && t.holds(x);
            assertEquals(all ? 1 : 0, IrRunner.run(f, x), "f(" + x + ") of " + f);
        }
    }

    private static void assertMerged(Type type, boolean or, int branchesLeft, BitTest... tests) {
        Function f = chain(type, or, false, tests);
        assertEquals(branchesLeft, count(f, Op.COND_BR), f.toString());
        assertAnswers(f, or, tests);
    }

    @Test
    void synSetAndAckClearIsOneTestOfBoth() {
        // (flags & SYN) != 0 && (flags & ACK) == 0: (flags & 0x12) == 0x02, as clang tests it
        BitTest syn = new BitTest(0x02, Cmp.NE, 0), noAck = new BitTest(0x10, Cmp.EQ, 0);
        Function f = chain(Type.I32, false, false, syn, noAck);
        assertEquals(1, count(f, Op.COND_BR), f.toString());
        assertEquals(List.of(Op.AND), f.instructions().stream().map(i -> i.op()).filter(Op::isArithmetic).toList(), f.toString());
        assertAnswers(f, false, syn, noAck);
        assertMerged(Type.I32, false, 1, noAck, syn);
    }

    @Test
    void everyBranchSenseOfOneBitMerges() {
        for (Cmp c1 : List.of(Cmp.EQ, Cmp.NE)) {
            for (Cmp c2 : List.of(Cmp.EQ, Cmp.NE)) {
                for (long v1 : new long[] {0, 0x80}) {
                    for (boolean or : new boolean[] {false, true}) {
                        assertMerged(Type.I32, or, 1, new BitTest(0x80, c1, v1), new BitTest(0x01, c2, 0x01));
                        assertMerged(Type.I64, or, 1, new BitTest(0x80, c1, v1), new BitTest(0x4000_0000L, c2, 0));
                    }
                }
            }
        }
    }

    @Test
    void threeTestsAreOne() {
        // the first two merged are a test of a two-bit pattern, which merges with the third
        assertMerged(Type.I32, false, 1, new BitTest(0x02, Cmp.NE, 0), new BitTest(0x10, Cmp.EQ, 0), new BitTest(0x04, Cmp.EQ, 0x04));
        // (x & 1) != 0 || (x & 4) != 0 || (x & 8) != 0: (x & 13) != 0
        assertMerged(Type.I32, true, 1, new BitTest(0x01, Cmp.NE, 0), new BitTest(0x04, Cmp.NE, 0), new BitTest(0x08, Cmp.NE, 0));
    }

    @Test
    void wideMasksMergeWhereTheyAreTestedForAPattern() {
        // (x & 0xF0) == 0x40 && (x & 0x0F) == 5: (x & 0xFF) == 0x45
        assertMerged(Type.I32, false, 1, new BitTest(0xF0, Cmp.EQ, 0x40), new BitTest(0x0F, Cmp.EQ, 5));
        // (x & 0xF0) != 0x40 || (x & 0x0F) != 5: the same test, the other way round
        assertMerged(Type.I32, true, 1, new BitTest(0xF0, Cmp.NE, 0x40), new BitTest(0x0F, Cmp.NE, 5));
        // overlapping masks that agree on their common bits
        assertMerged(Type.I32, false, 1, new BitTest(0x30, Cmp.EQ, 0x10), new BitTest(0x18, Cmp.EQ, 0x10));
    }

    @Test
    void testsThatAreNoPatternOfTheBitsStay() {
        // (x & 3) != 0 is "some bit of two", no pattern of them
        assertMerged(Type.I32, false, 2, new BitTest(0x03, Cmp.NE, 0), new BitTest(0x10, Cmp.EQ, 0));
        // patterns that contradict each other on a common bit: left as written (both never pass)
        assertMerged(Type.I32, false, 2, new BitTest(0x30, Cmp.EQ, 0x10), new BitTest(0x18, Cmp.EQ, 0x08));
    }

    @Test
    void aMaskReadBelowItsTestStaysTested() {
        BitTest t1 = new BitTest(0xF0, Cmp.EQ, 0x40), t2 = new BitTest(0x01, Cmp.NE, 0);
        Function f = chain(Type.I32, false, true, t1, t2);
        assertEquals(2, count(f, Op.COND_BR), "the verifier bounds the returned mask by its own test: " + f);
    }

    @Test
    void testsOfTwoValuesStay() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        Block yes = b.newBlock("yes"), no = b.newBlock("no"), second = b.newBlock("second");
        b.condBr(Cmp.NE, b.and(b.param(0), Constant.i32(2)), Constant.i32(0), second, no);
        b.setBlock(second);
        b.condBr(Cmp.EQ, b.and(b.param(1), Constant.i32(0x10)), Constant.i32(0), yes, no);
        b.setBlock(yes);
        b.ret(Constant.i32(1));
        b.setBlock(no);
        b.ret(Constant.i32(0));
        Function f = b.build();
        Optimizer.checking().run(f);
        assertEquals(2, count(f, Op.COND_BR), f.toString());
        IrRunner.assertComputes((x, y) -> (x & 2) != 0 && (y & 0x10) == 0 ? 1 : 0, f);
    }
}
