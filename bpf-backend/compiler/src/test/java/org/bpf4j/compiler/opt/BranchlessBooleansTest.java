package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** A 0 or 1 chosen by a zero test ({@code v + (flag ? 1 : 0)}) is computed without a branch when the tested value is never negative. */
class BranchlessBooleansTest {

    private static final long[] SAMPLES = {0, 1, 2, 255, 256, 0x7fffffffL, -1, -2, Integer.MIN_VALUE};

    private static long count(Function f, Op op) {
        return f.instructions().stream().filter(i -> i.op() == op).count();
    }

    /**
     * {@code int x = a & mask; return v + (x cmp 0 ? 1 : 0);} as the front end builds it: a
     * branch to two blocks that each jump to the join, where a phi picks the constant.
     */
    private static Function zeroTest(Cmp cmp, int mask, long whenTrue, long whenFalse) {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        Block yes = b.newBlock("yes");
        Block no = b.newBlock("no");
        Block join = b.newBlock("join");
        Value x = b.and(b.param(0), Constant.i32(mask));
        b.condBr(cmp, x, Constant.i32(0), yes, no);
        b.setBlock(yes);
        b.br(join);
        b.setBlock(no);
        b.br(join);
        b.setBlock(join);
        Phi chosen = b.phi(Type.I32);
        chosen.addIncoming(yes, Constant.i32((int) whenTrue)).addIncoming(no, Constant.i32((int) whenFalse));
        b.ret(b.add(b.param(1), chosen));
        Function f = b.build();
        Optimizer.checking().run(f);
        return f;
    }

    private static void agreesWithJava(Function f, Cmp cmp, int mask, long whenTrue, long whenFalse) {
        for (long a : SAMPLES) {
            int x = (int) a & mask;
            boolean test = cmp == Cmp.NE ? x != 0 : x == 0;
            assertEquals(40 + (int) (test ? whenTrue : whenFalse), (int) IrRunner.run(f, a, 40), "a = " + a + "\n" + f);
        }
    }

    @Test
    void oneWhereANarrowValueIsNotZeroIsItsNegationShiftedDown() {
        Function f = zeroTest(Cmp.NE, 0xff, 1, 0);
        assertEquals(0, count(f, Op.COND_BR), f.toString());
        assertEquals(1, count(f, Op.NEG), f.toString());
        agreesWithJava(f, Cmp.NE, 0xff, 1, 0);
    }

    @Test
    void oneWhereItIsZeroIsItsPredecessorShiftedDown() {
        Function f = zeroTest(Cmp.EQ, 0x7fffffff, 1, 0);
        assertEquals(0, count(f, Op.COND_BR), f.toString());
        assertEquals(0, count(f, Op.NEG), f.toString());
        agreesWithJava(f, Cmp.EQ, 0x7fffffff, 1, 0);
        Function swapped = zeroTest(Cmp.NE, 0xffff, 0, 1);
        assertEquals(0, count(swapped, Op.COND_BR), swapped.toString());
        agreesWithJava(swapped, Cmp.NE, 0xffff, 0, 1);
    }

    @Test
    void aValueThatMayBeNegativeKeepsItsBranch() {
        // the sign bit of -x or x - 1 tells nothing about x != 0 for x < 0 (-MIN_VALUE is MIN_VALUE)
        Function f = zeroTest(Cmp.NE, -1, 1, 0);
        assertEquals(1, count(f, Op.COND_BR), f.toString());
        assertEquals(0, count(f, Op.NEG), f.toString());
        agreesWithJava(f, Cmp.NE, -1, 1, 0);
    }

    @Test
    void otherConstantsKeepTheirBranch() {
        Function f = zeroTest(Cmp.NE, 0xff, 2, 0);
        assertEquals(1, count(f, Op.COND_BR), f.toString());
        agreesWithJava(f, Cmp.NE, 0xff, 2, 0);
    }

    @Test
    void aBooleanABranchTestsIsLeftToThreading() {
        // boolean b = (a & 0xff) != 0; return b ? v : 7;
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        Block yes = b.newBlock("yes");
        Block no = b.newBlock("no");
        Block join = b.newBlock("join");
        Block then = b.newBlock("then");
        Block other = b.newBlock("other");
        b.condBr(Cmp.NE, b.and(b.param(0), Constant.i32(0xff)), Constant.i32(0), yes, no);
        b.setBlock(yes);
        b.br(join);
        b.setBlock(no);
        b.br(join);
        b.setBlock(join);
        Phi flag = b.phi(Type.I32);
        flag.addIncoming(yes, Constant.i32(1)).addIncoming(no, Constant.i32(0));
        b.condBr(Cmp.NE, flag, Constant.i32(0), then, other);
        b.setBlock(then);
        b.ret(b.param(1));
        b.setBlock(other);
        b.ret(Constant.i32(7));
        Function f = b.build();
        Optimizer.checking().run(f);
        assertEquals(1, count(f, Op.COND_BR), f.toString());
        assertEquals(0, count(f, Op.NEG), f.toString());
        for (long a : SAMPLES) assertEquals(((int) a & 0xff) != 0 ? 40 : 7, IrRunner.run(f, a, 40), "a = " + a);
    }
}
