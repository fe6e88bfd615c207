package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.IrChecker;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** Values computed before a branch for one of its sides only move into that side. */
class CodeSinkingTest {
    /** How the byte read second is used in {@link #markerTest}. */
    private enum SecondUse { MARKER_SIDE_ONLY, BOTH_SIDES, MERGED }

    private record Marker(Function f, Block entry, Block marker, Instruction second, Instruction sum) {}

    /**
     * {@code second = p[1] (+ 7); [store p[2] = 0;] if (p[0] != 0xde) return 0; return second == 0xad ? 1 : 2;}
     * over a map value {@code p}, with {@code second} also used on the other side or merged by a phi as asked.
     */
    private static Marker markerTest(SecondUse use, boolean storeBetween) {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.MAP_VALUE);
        Block entry = b.currentBlock();
        Instruction second = (Instruction) b.load(Type.I32, b.param(0), 1, 1, false);
        Instruction sum = (Instruction) b.add(second, Constant.i32(7));
        if (storeBetween) b.store(b.param(0), 2, 1, Constant.i32(0));
        Value first = b.load(Type.I32, b.param(0), 0, 1, false);
        Block marker = b.newBlock("marker"), other = b.newBlock("other"), found = b.newBlock("found"), join = b.newBlock("join");
        b.condBr(Cmp.EQ, first, Constant.i32(0xde), marker, other);
        b.setBlock(other);
        if (use == SecondUse.MERGED) {
            b.br(join);
        } else {
            b.ret(use == SecondUse.BOTH_SIDES ? sum : Constant.i32(0));
        }
        b.setBlock(marker);
        b.condBr(Cmp.EQ, sum, Constant.i32(0xad + 7), found, use == SecondUse.MERGED ? join : other);
        b.setBlock(found);
        b.ret(Constant.i32(1));
        b.setBlock(join);
        b.ret(use == SecondUse.MERGED ? b.phi(Type.I32).addIncoming(other, sum).addIncoming(marker, Constant.i32(2)) : Constant.i32(2));
        return new Marker(b.build(), entry, marker, second, sum);
    }

    @Test
    void aByteTestedOnOneSideOnlyIsReadThere() {
        Marker m = markerTest(SecondUse.MARKER_SIDE_ONLY, false);
        assertTrue(new CodeSinking().run(m.f()));
        IrChecker.check(m.f());
        assertSame(m.marker(), m.sum().block(), m.f().toString());
        assertSame(m.marker(), m.second().block(), "the load follows the addition that used it: " + m.f());
        assertTrue(m.marker().instructions().indexOf(m.second()) < m.marker().instructions().indexOf(m.sum()));
    }

    @Test
    void aValueBothSidesUseStays() {
        for (SecondUse use : new SecondUse[] {SecondUse.BOTH_SIDES, SecondUse.MERGED}) {
            Marker m = markerTest(use, false);
            assertFalse(new CodeSinking().run(m.f()), use + ": " + m.f());
            assertSame(m.entry(), m.second().block());
        }
    }

    @Test
    void aLoadDoesNotMovePastAWrite() {
        Marker m = markerTest(SecondUse.MARKER_SIDE_ONLY, true);
        assertTrue(new CodeSinking().run(m.f()), "the addition still moves: " + m.f());
        assertSame(m.marker(), m.sum().block());
        assertSame(m.entry(), m.second().block(), "the store may write the byte read: " + m.f());
    }
}
