package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.IrChecker;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** Dead-store elimination on the stack, on small functions, with the IR checker run after the pass. */
class DeadStackStoresTest {
    /** {@code BPF_FUNC_probe_read_kernel} fills its first argument; {@code BPF_FUNC_trace_printk} reads its first. */
    private static final int PROBE_READ_KERNEL = 113, TRACE_PRINTK = 6;
    /** The kernel address probe_read_kernel reads from. */
    private static final Constant SOURCE = Constant.i64(0xffff888000000000L);

    private static Function run(FunctionBuilder b) {
        Function f = b.build();
        new DeadStackStores().run(f);
        IrChecker.check(f);
        return f;
    }

    /** The stores left, as "offset:size". */
    private static List<String> stores(Function f) {
        return f.instructions().stream().filter(i -> i.op() == Op.STORE).map(i -> i.offset() + ":" + i.size()).toList();
    }

    /** {@code new byte[16]}: the processor zeroes the slot with two 8-byte stores. */
    private static Value zeroed16(FunctionBuilder b) {
        Value buf = b.stackAlloc(16, false);
        b.store(buf, 0, 8, Constant.i64(0));
        b.store(buf, 8, 8, Constant.i64(0));
        return buf;
    }

    @Test
    void zeroingBeforeAHelperThatFillsTheBufferGoes() {
        FunctionBuilder b = FunctionBuilder.program("p", "kprobe", Type.I32);
        Value buf = zeroed16(b);
        b.helperCall(PROBE_READ_KERNEL, 0, Type.I64, buf, Constant.i64(16), SOURCE);
        b.ret(b.load(Type.I32, buf, 3, 1, false));
        Function f = run(b);
        assertEquals(List.of(), stores(f), f.toString());
        assertTrue(f.toString().contains("fills %"), f.toString());
    }

    @Test
    void aHelperThatReadsTheBufferKeepsItsStores() {
        // the same call without the fill: the helper may read every byte
        FunctionBuilder b = FunctionBuilder.program("p", "kprobe", Type.I32);
        Value buf = zeroed16(b);
        b.helperCall(PROBE_READ_KERNEL, Type.I64, buf, Constant.i64(16), SOURCE);
        b.ret(b.load(Type.I32, buf, 3, 1, false));
        assertEquals(List.of("0:8", "8:8"), stores(run(b)));
    }

    @Test
    void aHelperFillingPartOfTheObjectLeavesTheRestsZeroing() {
        FunctionBuilder b = FunctionBuilder.program("p", "kprobe", Type.I32);
        Value buf = zeroed16(b);
        b.helperCall(PROBE_READ_KERNEL, 0, Type.I64, b.ptrAdd(buf, Constant.i64(8)), Constant.i64(8), SOURCE);
        b.helperCall(TRACE_PRINTK, Type.I64, buf, Constant.i64(16));
        b.ret(Constant.i32(0));
        assertEquals(List.of("0:8"), stores(run(b)));
    }

    @Test
    void aPartialOverwriteKeepsTheZeroingOfTheOtherBytes() {
        // s.a = x (4 bytes at 0), s.b = y (8 bytes at 8): bytes 4..7 keep their zero for the reading call
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I32, Type.I64);
        Value buf = zeroed16(b);
        b.store(buf, 0, 4, b.param(0));
        b.store(buf, 8, 8, b.param(1));
        b.helperCall(TRACE_PRINTK, Type.I64, buf, Constant.i64(16));
        b.ret(Constant.i64(0));
        assertEquals(List.of("0:8", "0:4", "8:8"), stores(run(b)));
    }

    @Test
    void aStoreOverwrittenBeforeAnyLoadGoesAndAStoreLoadedStays() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I64);
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 0, 8, Constant.i64(0));
        b.store(buf, 0, 8, b.param(0));
        Value v = b.load(Type.I64, buf, 0, 8, false);
        b.store(buf, 0, 8, Constant.i64(7));    // nothing reads it before the return
        b.ret(v);
        Function f = run(b);
        List<Instruction> left = f.instructions().stream().filter(i -> i.op() == Op.STORE).toList();
        assertEquals(1, left.size(), f.toString());
        assertEquals(f.param(0), left.get(0).operand(1));
    }

    @Test
    void aStoreReadOnOnePathStays() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I64);
        Block reads = b.newBlock("reads");
        Block writes = b.newBlock("writes");
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 0, 8, Constant.i64(0));
        b.condBr(Cmp.EQ, b.param(0), Constant.i64(1), reads, writes);
        b.setBlock(reads);
        b.ret(b.load(Type.I64, buf, 0, 8, false));
        b.setBlock(writes);
        b.store(buf, 0, 8, b.param(0));
        b.ret(b.load(Type.I64, buf, 0, 8, false));
        assertEquals(List.of("0:8", "0:8"), stores(run(b)));
    }

    @Test
    void aStoreOverwrittenOnEveryPathGoes() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I64);
        Block one = b.newBlock("one");
        Block other = b.newBlock("other");
        Block join = b.newBlock("join");
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 0, 8, Constant.i64(0));
        b.condBr(Cmp.EQ, b.param(0), Constant.i64(1), one, other);
        b.setBlock(one);
        b.store(buf, 0, 8, Constant.i64(1));
        b.br(join);
        b.setBlock(other);
        b.helperCall(PROBE_READ_KERNEL, 0, Type.I64, buf, Constant.i64(8), SOURCE);
        b.br(join);
        b.setBlock(join);
        b.ret(b.load(Type.I64, buf, 0, 8, false));
        Function f = run(b);
        assertEquals(List.of("0:8"), stores(f));
        assertEquals(one, f.instructions().stream().filter(i -> i.op() == Op.STORE).findFirst().orElseThrow().block());
    }

    @Test
    void aLoopThatReadsBeforeItWritesKeepsTheZeroing() {
        // byte[] b = new byte[8]; do { b[0] = (byte) (b[0] + 1); } while (b[0] != n); return b[0];
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Block loop = b.newBlock("loop");
        Block exit = b.newBlock("exit");
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 0, 8, Constant.i64(0));
        b.br(loop);
        b.setBlock(loop);
        Value next = b.add(b.load(Type.I32, buf, 0, 1, true), Constant.i32(1));
        b.store(buf, 0, 1, next);
        b.condBr(Cmp.NE, b.load(Type.I32, buf, 0, 1, true), b.param(0), loop, exit);
        b.setBlock(exit);
        b.ret(b.load(Type.I32, buf, 0, 1, true));
        assertEquals(List.of("0:8", "0:1"), stores(run(b)));
    }

    @Test
    void aLoopThatWritesBeforeItReadsDropsTheZeroing() {
        // the helper fills the buffer at the top of every iteration, the loop reads it after
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Block loop = b.newBlock("loop");
        Block exit = b.newBlock("exit");
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 0, 8, Constant.i64(0));
        b.br(loop);
        b.setBlock(loop);
        b.helperCall(PROBE_READ_KERNEL, 0, Type.I64, buf, Constant.i64(8), SOURCE);
        b.condBr(Cmp.NE, b.load(Type.I32, buf, 0, 1, true), b.param(0), loop, exit);
        b.setBlock(exit);
        b.ret(b.load(Type.I32, buf, 1, 1, true));
        assertEquals(List.of(), stores(run(b)));
    }

    @Test
    void anObjectNothingReadsLosesItsStores() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I64);
        Value buf = zeroed16(b);
        b.store(b.ptrAdd(buf, Constant.i64(8)), 0, 8, b.param(0));
        b.ret(b.param(0));
        assertEquals(List.of(), stores(run(b)));
    }

    @Test
    void anEscapingObjectKeepsItsStores() {
        // the address is stored into another object: loads through it are invisible here
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I64);
        Value buf = b.stackAlloc(8, false);
        Value holder = b.stackAlloc(8, false);
        b.store(buf, 0, 8, b.param(0));
        b.store(holder, 0, 8, buf);
        b.helperCall(TRACE_PRINTK, Type.I64, holder, Constant.i64(8));
        b.ret(Constant.i64(0));
        Function f = run(b);
        assertEquals(List.of("0:8", "0:8"), stores(f));
        assertFalse(new DeadStackStores().run(f), "nothing more to do");
    }
}
