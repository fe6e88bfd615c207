package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** Value ranges of loop counters and narrow values: sign extensions and branches they decide, and bounds checks of a scan. */
class RangeFoldingTest {

    private static long count(Function f, Op op) {
        return f.instructions().stream().filter(i -> i.op() == op).count();
    }

    /**
     * {@code long sum = 0; for (int i = start; i < 32; i++) { if (i > limit) return -1; sum += (long) (i + 42); } return sum;}
     * with {@code start} 0 or the first parameter.
     */
    private static Function countingLoop(boolean fromZero, int limit) {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I32, Type.I64);
        Block head = b.newBlock("head");
        Block body = b.newBlock("body");
        Block add = b.newBlock("add");
        Block out = b.newBlock("out");
        Block done = b.newBlock("done");
        Block entry = b.currentBlock();
        b.br(head);
        b.setBlock(head);
        Phi i = b.phi(Type.I32);
        Phi sum = b.phi(Type.I64);
        b.condBr(Cmp.SLT, i, Constant.i32(32), body, done);
        b.setBlock(body);
        b.condBr(Cmp.SGT, i, Constant.i32(limit), out, add);
        b.setBlock(out);
        b.ret(Constant.i64(-1));
        b.setBlock(add);
        Value widened = b.sext(b.add(i, Constant.i32(42)), 4, Type.I64);
        Value sum2 = b.add(sum, widened);
        Value i2 = b.add(i, Constant.i32(1));
        b.br(head);
        i.addIncoming(entry, fromZero ? Constant.i32(0) : b.param(0)).addIncoming(add, i2);
        sum.addIncoming(entry, Constant.i64(0)).addIncoming(add, sum2);
        b.setBlock(done);
        b.ret(sum);
        Function f = b.build();
        Optimizer.checking().run(f);
        return f;
    }

    private static long countingLoopInJava(boolean fromZero, int limit, int start) {
        long sum = 0;
        for (int i = fromZero ? 0 : start; i < 32; i++) {
            if (i > limit) return -1;
            sum += (long) (i + 42);
        }
        return sum;
    }

    @Test
    void aLoopCounterAddedToAnOffsetIsZeroExtended() {
        Function f = countingLoop(true, 100);
        assertEquals(0, count(f, Op.SEXT), f.toString());
        assertEquals(1, count(f, Op.ZEXT), f.toString());
        assertEquals(countingLoopInJava(true, 100, 0), IrRunner.run(f, 0, 0));
    }

    @Test
    void aTestTheCounterNeverPassesIsFolded() {
        Function f = countingLoop(true, 40);
        assertEquals(1, count(f, Op.COND_BR), f.toString());
        assertEquals(countingLoopInJava(true, 40, 0), IrRunner.run(f, 0, 0));
    }

    @Test
    void aTestTheCounterReachesStaysAndDecidesTheLoopTest() {
        // i > 20 returns, so i + 1 never reaches 32: the loop's own test is the one that goes
        Function f = countingLoop(true, 20);
        List<Instruction> tests = f.instructions().stream().filter(x -> x.op() == Op.COND_BR).toList();
        assertEquals(1, tests.size(), f.toString());
        assertEquals(Cmp.SGT, tests.get(0).cmp(), f.toString());
        assertEquals(-1, IrRunner.run(f, 0, 0));
    }

    @Test
    void aCounterFromAnUnknownStartKeepsItsSignExtension() {
        Function f = countingLoop(false, 100);
        assertEquals(1, count(f, Op.SEXT), f.toString());
        for (int start : new int[] {-1000, -43, -42, -1, 0, 5, 31, 32, 1000}) {
            assertEquals(countingLoopInJava(false, 100, start), IrRunner.run(f, start, 0), "start " + start);
        }
    }

    /** {@code for (int i = 0; i != n; i++) sum += (long) (i + 42);}: i reaches every int, wrapping. */
    @Test
    void aCounterThatMayWrapKeepsItsSignExtension() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I32);
        Block head = b.newBlock("head");
        Block body = b.newBlock("body");
        Block done = b.newBlock("done");
        Block entry = b.currentBlock();
        b.br(head);
        b.setBlock(head);
        Phi i = b.phi(Type.I32);
        Phi sum = b.phi(Type.I64);
        b.condBr(Cmp.NE, i, b.param(0), body, done);
        b.setBlock(body);
        Value sum2 = b.add(sum, b.sext(b.add(i, Constant.i32(42)), 4, Type.I64));
        Value i2 = b.add(i, Constant.i32(1));
        b.br(head);
        i.addIncoming(entry, Constant.i32(0)).addIncoming(body, i2);
        sum.addIncoming(entry, Constant.i64(0)).addIncoming(body, sum2);
        b.setBlock(done);
        b.ret(sum);
        Function f = b.build();
        Optimizer.checking().run(f);
        assertEquals(1, count(f, Op.SEXT), f.toString());
    }

    @Test
    void aParameterMayHoldAnyValue() {
        // int m = Math.min(a, 63); return 1 < m + 1 ? -1 : 1;  (as a fuzzed @BpfFunction, seed 8202025371)
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Block low = b.newBlock("low");
        Block join = b.newBlock("join");
        Block yes = b.newBlock("yes");
        Block no = b.newBlock("no");
        Block entry = b.currentBlock();
        b.condBr(Cmp.SLT, b.param(0), Constant.i32(63), low, join);
        b.setBlock(low);
        b.br(join);
        b.setBlock(join);
        Phi m = b.phi(Type.I32);
        m.addIncoming(low, b.param(0)).addIncoming(entry, Constant.i32(63));
        b.condBr(Cmp.SLT, Constant.i32(1), b.add(m, Constant.i32(1)), yes, no);
        b.setBlock(yes);
        b.ret(Constant.i32(-1));
        b.setBlock(no);
        b.ret(Constant.i32(1));
        Function f = b.build();
        Optimizer.checking().run(f);
        for (int a : new int[] {-1, 0, 1, 63, 100, Integer.MIN_VALUE}) {
            assertEquals(1 < Math.min(a, 63) + 1 ? -1 : 1, IrRunner.run(f, a), "a = " + a + " in " + f);
        }
    }

    @Test
    void aByteReadIsNeverNegative() {
        // int v = ctx.u8(14); if (v < 0) return 0; return v;  after the check the load's -1 is gone
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Value h = b.packetHeader(data, Constant.i64(14), 1, end);
        Block in = b.newBlock("in");
        Block out = b.newBlock("out");
        Block negative = b.newBlock("negative");
        Block positive = b.newBlock("positive");
        b.condBr(Cmp.NE, h, Constant.nullOf(Type.PACKET_OR_NULL), in, out);
        b.setBlock(out);
        b.ret(Constant.i32(1));
        b.setBlock(in);
        Value v = b.load(Type.I32, h, 0, 1, false);
        b.condBr(Cmp.SLT, v, Constant.i32(0), negative, positive);
        b.setBlock(negative);
        b.ret(Constant.i32(0));
        b.setBlock(positive);
        b.ret(v);
        Function f = b.build();
        Optimizer.checking().run(f);
        assertEquals(1, count(f, Op.COND_BR), f.toString());
    }

    /**
     * {@code for (int i = 0; i < 32; i++) { int second = ctx.u8(start + i + 1); if (second < 0) break;
     * int first = ctx.u8(start + i); if (first < 0) break; if (first == 0xde && second == 0xad) return 1; } return 2;}
     * with the offsets sign-extended as the front end writes them; {@code start} 42 or the counter's
     * start a parameter (then {@code start + i} may be negative and the reads keep their checks).
     */
    private static Function scan(boolean knownStart) {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Block head = b.newBlock("head");
        Block body = b.newBlock("body");
        Block secondIn = b.newBlock("second_in");
        Block firstIn = b.newBlock("first_in");
        Block second = b.newBlock("second");
        Block marker = b.newBlock("marker");
        Block next = b.newBlock("next");
        Block done = b.newBlock("done");
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Value from = knownStart ? Constant.i32(0) : b.ctxLoad(Type.I32, b.param(0), 12, 4);
        Block entry = b.currentBlock();
        b.br(head);
        b.setBlock(head);
        Phi i = b.phi(Type.I32);
        b.condBr(Cmp.SLT, i, Constant.i32(32), body, done);
        b.setBlock(body);
        Value at = b.add(Constant.i32(42), i);
        Value h2 = b.packetHeader(data, b.sext(b.add(at, Constant.i32(1)), 4, Type.I64), 1, end);
        b.condBr(Cmp.NE, h2, Constant.nullOf(Type.PACKET_OR_NULL), secondIn, done);
        b.setBlock(secondIn);
        Value v2 = b.load(Type.I32, h2, 0, 1, false);
        Value h1 = b.packetHeader(data, b.sext(at, 4, Type.I64), 1, end);
        b.condBr(Cmp.NE, h1, Constant.nullOf(Type.PACKET_OR_NULL), firstIn, done);
        b.setBlock(firstIn);
        Value v1 = b.load(Type.I32, h1, 0, 1, false);
        b.condBr(Cmp.EQ, v1, Constant.i32(0xde), second, next);
        b.setBlock(second);
        b.condBr(Cmp.EQ, v2, Constant.i32(0xad), marker, next);
        b.setBlock(marker);
        b.ret(Constant.i32(1));
        b.setBlock(next);
        Value i2 = b.add(i, Constant.i32(1));
        b.br(head);
        i.addIncoming(entry, from).addIncoming(next, i2);
        b.setBlock(done);
        b.ret(Constant.i32(2));
        Function f = b.build();
        Optimizer.checking().run(f);
        return f;
    }

    @Test
    void twoBytesOfAScanAreCheckedOnce() {
        Function f = scan(true);
        List<Instruction> headers = f.instructions().stream().filter(x -> x.op() == Op.PACKET_HEADER).toList();
        assertEquals(1, headers.size(), f.toString());
        // from the index itself: the offset's constant 42 moved into the bound and the loads
        assertEquals(42 + 2, headers.get(0).size(), f.toString());
        assertEquals(Op.ZEXT, ((Instruction) headers.get(0).operand(1)).op(), f.toString());
        assertInstanceOf(Phi.class, ((Instruction) headers.get(0).operand(1)).operand(0), f.toString());
        assertEquals(0, count(f, Op.SEXT), f.toString());
    }

    @Test
    void aScanFromAnUnknownStartKeepsBothChecks() {
        Function f = scan(false);
        assertEquals(2, count(f, Op.PACKET_HEADER), f.toString());
    }

    /**
     * {@code if (ctx.header(0, Eth.class) == null) return 0; return (int) (((long) ctx.length()) >> k);}:
     * {@code ctx.length()} is {@code (int) (data_end - data)}, read as integers, whose fields the
     * program reads as the packet's end and start (with {@code packetFields}) or at other offsets.
     */
    private static Function widenedLength(boolean packetFields, int k) {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Value h = b.packetHeader(data, Constant.i64(0), 14, end);
        Block read = b.newBlock("read");
        Block beyond = b.newBlock("beyond");
        b.condBr(Cmp.NE, h, Constant.nullOf(Type.PACKET_OR_NULL), read, beyond);
        b.setBlock(beyond);
        b.ret(Constant.i32(0));
        b.setBlock(read);
        int start = packetFields ? 0 : 8, stop = packetFields ? 4 : 12;
        Value length = b.trunc(b.sub(b.ctxLoad(Type.I64, b.param(0), stop, 4), b.ctxLoad(Type.I64, b.param(0), start, 4)));
        b.ret(b.trunc(b.ashr(b.sext(length, 4, Type.I64), Constant.i64(k))));
        Function f = b.build();
        Optimizer.checking().run(f);
        return f;
    }

    @Test
    void aPacketsLengthIsNeverNegative() {
        Function f = widenedLength(true, 16);
        assertEquals(0, count(f, Op.SEXT), f.toString());
        assertEquals(1, count(f, Op.ZEXT), f.toString());
    }

    @Test
    void aDifferenceOfOtherContextFieldsMayBeNegative() {
        Function f = widenedLength(false, 16);
        assertEquals(1, count(f, Op.SEXT), f.toString());
    }
}
