package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.IrChecker;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** Store combining on small functions, with the IR checker run after the pass. */
class StoreCombiningTest {
    /** {@code BPF_FUNC_trace_printk}: reads its first argument. */
    private static final int TRACE_PRINTK = 6;

    private static Function run(FunctionBuilder b) {
        Function f = b.build();
        new StoreCombining().run(f);
        new DeadCodeElimination().run(f);
        IrChecker.check(f);
        return f;
    }

    private static List<Instruction> storeInstructions(Function f) {
        return f.instructions().stream().filter(i -> i.op() == Op.STORE).toList();
    }

    /** The stores left, as "offset:size". */
    private static List<String> stores(Function f) {
        return storeInstructions(f).stream().map(i -> i.offset() + ":" + i.size()).toList();
    }

    /** Hands {@code buf} to a helper that reads it, so that its stores matter. */
    private static void readAndReturn(FunctionBuilder b, Value buf, int size) {
        b.helperCall(TRACE_PRINTK, Type.I64, buf, Constant.i64(size));
        b.ret(Constant.i32(0));
    }

    @Test
    void theFourBytesOfAnIntStoredOneByOneBecomeOneStore() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Value x = b.param(0);
        Value buf = b.stackAlloc(8, false);
        for (int k = 0; k < 4; k++) b.store(buf, 4 + k, 1, k == 0 ? x : b.lshr(x, Constant.i32(8 * k)));
        readAndReturn(b, buf, 8);
        Function f = run(b);
        assertEquals(List.of("4:4"), stores(f), f.toString());
        assertSame(x, storeInstructions(f).get(0).operand(1));
        assertEquals(0, f.instructions().stream().filter(i -> i.op() == Op.LSHR).count(), "the shifts are dead: " + f);
    }

    @Test
    void theUpperHalfKeepsItsShift() {
        // bytes 2 and 3 of x at offsets 2, 3: one 2-byte store of x >>> 16
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Value x = b.param(0);
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 2, 1, b.lshr(x, Constant.i32(16)));
        b.store(buf, 3, 1, b.lshr(x, Constant.i32(24)));
        readAndReturn(b, buf, 8);
        Function f = run(b);
        assertEquals(List.of("2:2"), stores(f), f.toString());
        Instruction value = (Instruction) storeInstructions(f).get(0).operand(1);
        assertEquals(Op.LSHR, value.op());
        assertEquals(Constant.i32(16), value.operand(1));
    }

    @Test
    void theTwoHalvesOfALongBecomeOneStore() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I64);
        Value x = b.param(0);
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 4, 4, b.trunc(b.lshr(x, Constant.i64(32))));
        b.store(buf, 0, 4, b.trunc(x));
        readAndReturn(b, buf, 8);
        Function f = run(b);
        assertEquals(List.of("0:8"), stores(f), f.toString());
        assertSame(x, storeInstructions(f).get(0).operand(1));
    }

    @Test
    void byteConstantsBecomeOneLittleEndianConstant() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32);
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 0, 1, Constant.i32(0x45));
        b.store(buf, 1, 1, Constant.i32(0x1ff));   // only the low byte is stored
        b.store(buf, 2, 2, Constant.i32(0x1234));
        readAndReturn(b, buf, 8);
        Function f = run(b);
        assertEquals(List.of("0:4"), stores(f), f.toString());
        assertEquals(Constant.i32(0x1234ff45), storeInstructions(f).get(0).operand(1));
    }

    @Test
    void anEightByteConstantNeedingARegisterStaysTwoImmediates() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32);
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 0, 4, Constant.i32(1));
        b.store(buf, 4, 4, Constant.i32(2));
        readAndReturn(b, buf, 8);
        assertEquals(List.of("0:4", "4:4"), stores(run(b)));
    }

    @Test
    void anEightByteConstantThatFitsAnImmediateIsOneStore() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32);
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 0, 4, Constant.i32(-7));
        b.store(buf, 4, 4, Constant.i32(-1));
        readAndReturn(b, buf, 8);
        Function f = run(b);
        assertEquals(List.of("0:8"), stores(f));
        assertEquals(Constant.i64(-7), storeInstructions(f).get(0).operand(1));
    }

    @Test
    void aPairNotAlignedToItsWidthStays() {
        // bytes 1 and 2: a 2-byte store at offset 1 is misaligned, which the verifier refuses on the stack
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Value x = b.param(0);
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 1, 1, x);
        b.store(buf, 2, 1, b.lshr(x, Constant.i32(8)));
        readAndReturn(b, buf, 8);
        assertEquals(List.of("1:1", "2:1"), stores(run(b)));
    }

    @Test
    void bigEndianBytesStay() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Value x = b.param(0);
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 0, 1, b.lshr(x, Constant.i32(8)));
        b.store(buf, 1, 1, x);
        readAndReturn(b, buf, 8);
        assertEquals(List.of("0:1", "1:1"), stores(run(b)));
    }

    @Test
    void bytesAShiftCutsOffStay() {
        // an int shifted by 24 has zeros above its low byte: a 2-byte store of x >>> 24 would not be (x >>> 24, x >>> 32)
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Value x = b.param(0);
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 0, 1, b.zext(b.lshr(x, Constant.i32(0)), 1, Type.I32));
        b.store(buf, 1, 1, b.lshr(b.zext(x, 1, Type.I32), Constant.i32(8)));
        readAndReturn(b, buf, 8);
        assertEquals(List.of("0:1", "1:1"), stores(run(b)));
    }

    @Test
    void aReadOfTheEarlierBytesBetweenKeepsBoth() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Value x = b.param(0);
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 0, 1, Constant.i32(1));
        b.helperCall(TRACE_PRINTK, Type.I64, buf, Constant.i64(8));
        b.store(buf, 1, 1, Constant.i32(2));
        readAndReturn(b, buf, 8);
        assertEquals(List.of("0:1", "1:1"), stores(run(b)));

        FunctionBuilder l = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Value lbuf = l.stackAlloc(8, false);
        l.store(lbuf, 0, 1, Constant.i32(1));
        Value read = l.load(Type.I32, lbuf, 0, 1, false);
        l.store(lbuf, 1, 1, Constant.i32(2));
        l.helperCall(TRACE_PRINTK, Type.I64, lbuf, Constant.i64(8));
        l.ret(read);
        assertEquals(List.of("0:1", "1:1"), stores(run(l)));
    }

    @Test
    void aReadOfOtherBytesBetweenDoesNotStopIt() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 4, 4, Constant.i32(9));
        b.store(buf, 0, 1, Constant.i32(1));
        Value read = b.load(Type.I32, buf, 4, 4, false);
        b.store(buf, 1, 1, Constant.i32(2));
        b.helperCall(TRACE_PRINTK, Type.I64, buf, Constant.i64(8));
        b.ret(read);
        Function f = run(b);
        assertEquals(List.of("4:4", "0:2"), stores(f), f.toString());
        assertEquals(Constant.i32(0x0201), storeInstructions(f).get(1).operand(1));
    }

    @Test
    void storesThroughOffsetPointersCombine() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Value x = b.param(0);
        Value buf = b.stackAlloc(16, false);
        Value field = b.ptrAdd(buf, Constant.i64(8));
        b.store(field, 1, 1, b.lshr(x, Constant.i32(8)));
        b.store(b.ptrAdd(buf, Constant.i64(8)), 0, 1, x);
        readAndReturn(b, buf, 16);
        Function f = run(b);
        assertEquals(List.of("0:2"), stores(f), f.toString());
        assertFalse(new StoreCombining().run(f), "nothing more to do");
        assertTrue(storeInstructions(f).get(0).operand(1) == x);
    }

    @Test
    void anArrayReadAtAVariableIndexStillCombines() {
        // the read after the stores sees the same bytes; one between them would keep them apart
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I64);
        Value x = b.param(0);
        Value buf = b.stackAlloc(8, false);
        b.store(buf, 0, 1, x);
        b.store(buf, 1, 1, b.lshr(x, Constant.i32(8)));
        b.store(buf, 2, 1, Constant.i32(1));
        Value between = b.load(Type.I32, b.ptrAdd(buf, b.param(1)), 0, 1, false);
        b.store(buf, 3, 1, Constant.i32(2));
        b.ret(b.add(between, b.load(Type.I32, b.ptrAdd(buf, b.param(1)), 0, 1, false)));
        Function f = run(b);
        assertEquals(List.of("0:2", "2:1", "3:1"), stores(f), f.toString());
    }
}
