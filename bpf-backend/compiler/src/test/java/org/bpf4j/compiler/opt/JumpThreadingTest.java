package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.HelperTraits;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** An edge on which a branch is decided skips the work only the branch's other outcome reads. */
class JumpThreadingTest {
    /** {@code BPF_FUNC_map_lookup_elem}, {@code BPF_FUNC_ktime_get_ns}. */
    private static final int MAP_LOOKUP = 1, KTIME_GET_NS = 5;

    private enum ClockUse { SECOND_ACCESS_ONLY, RETURNED }

    /**
     * Two array accesses with one index, each checked, and a clock read between them:
     * {@code if (i < 10) v[i] = 1; t = ktime(); if (i < 10) v[10 + i] = t; return 0 (or t)}.
     */
    private static Function twoChecks(ClockUse use, boolean removable) {
        FunctionBuilder b = FunctionBuilder.program("p", "tp_btf/x", Type.I64);
        Value i = b.ctxLoad(Type.I64, b.param(0), 0, 4);
        Value key = b.stackAlloc(4, true);
        Value v = b.mapLookup(MAP_LOOKUP, b.mapAddr("m"), key);
        Block found = b.newBlock("found"), none = b.newBlock("none");
        b.condBr(Cmp.NE, v, Constant.nullOf(Type.MAP_VALUE_OR_NULL), found, none);
        b.setBlock(none);
        b.ret(Constant.i64(0));
        b.setBlock(found);
        Block first = b.newBlock("first"), between = b.newBlock("between");
        b.condBr(Cmp.ULT, i, Constant.i64(10), first, between);
        b.setBlock(first);
        b.store(b.ptrAdd(v, b.binary(Op.MUL, i, Constant.i64(8))), 0, 8, Constant.i64(1));
        b.br(between);
        b.setBlock(between);
        Value t = b.helperCall(KTIME_GET_NS, new HelperTraits(false, -1, removable, false), Type.I64);
        Block second = b.newBlock("second"), done = b.newBlock("done");
        b.condBr(Cmp.ULT, i, Constant.i64(10), second, done);
        b.setBlock(second);
        b.store(b.ptrAdd(v, b.binary(Op.MUL, i, Constant.i64(8))), 80, 8, t);
        b.br(done);
        b.setBlock(done);
        b.ret(use == ClockUse.RETURNED ? t : Constant.i64(0));
        Function f = b.build();
        Optimizer.checking().run(f);
        return f;
    }

    private static long count(Function f, Op op) {
        return f.instructions().stream().filter(i -> i.op() == op).count();
    }

    @Test
    void anIndexOutOfBoundsForTheFirstAccessSkipsTheClockReadAndTheSecondCheck() {
        Function f = twoChecks(ClockUse.SECOND_ACCESS_ONLY, true);
        // the null test and one bounds check; the clock is read only where the index is in bounds
        assertEquals(2, count(f, Op.COND_BR), f.toString());
        assertEquals(1, count(f, Op.HELPER_CALL), f.toString());
    }

    @Test
    void aValueTheDecidedSideReadsKeepsTheSecondCheck() {
        Function f = twoChecks(ClockUse.RETURNED, true);
        assertEquals(3, count(f, Op.COND_BR), f.toString());
    }

    @Test
    void aHelperThatMayChangeSomethingIsNotSkipped() {
        Function f = twoChecks(ClockUse.SECOND_ACCESS_ONLY, false);
        assertEquals(3, count(f, Op.COND_BR), f.toString());
    }

    @Test
    void anUnusedRemovableCallGoesAndAnotherStays() {
        for (boolean removable : new boolean[] {true, false}) {
            FunctionBuilder b = FunctionBuilder.program("p", "tp_btf/x", Type.I64);
            b.helperCall(KTIME_GET_NS, new HelperTraits(false, -1, removable, false), Type.I64);
            b.ret(Constant.i64(0));
            Function f = b.build();
            Optimizer.checking().run(f);
            assertEquals(removable ? 0 : 1, count(f, Op.HELPER_CALL), f.toString());
        }
    }
}
