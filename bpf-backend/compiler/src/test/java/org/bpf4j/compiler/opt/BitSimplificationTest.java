package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * {@link BitSimplification}: what goes, and that the optimized function still computes what the
 * Java expression it stands for computes, on edge and random inputs.
 */
class BitSimplificationTest {
    /** {@code BPF_FUNC_get_current_comm}: fills a stack buffer, so loads from it are not folded. */
    private static final int GET_CURRENT_COMM = 16;

    private static Function optimize(FunctionBuilder b) {
        Function f = b.build();
        Optimizer.checking().run(f);
        return f;
    }

    private static long count(Function f, Op op) {
        return f.instructions().stream().filter(i -> i.op() == op).count();
    }

    @Test
    void theIncrementalChecksumKeepsOnlyTheMasksItsSixteenBitResultNeeds() {
        // RFC 1624 in Java, as a tc program writes it, stored back byte-swapped as a 16-bit field
        FunctionBuilder b = FunctionBuilder.subprogram("replace", Type.I32, Type.I32, Type.I32);
        Value check = b.and(b.param(0), Constant.i32(0xFFFF)), to = b.and(b.param(1), Constant.i32(0xFFFF));
        Value notCheck = b.and(b.xor(check, Constant.i32(-1)), Constant.i32(0xFFFF));
        Value sum = b.add(b.add(notCheck, Constant.i32(~8080 & 0xFFFF)), to);
        sum = b.add(b.and(sum, Constant.i32(0xFFFF)), b.lshr(sum, Constant.i32(16)));
        sum = b.add(b.and(sum, Constant.i32(0xFFFF)), b.lshr(sum, Constant.i32(16)));
        b.ret(b.bswap(b.and(b.xor(sum, Constant.i32(-1)), Constant.i32(0xFFFF)), 2));
        Function f = optimize(b);
        // left: one mask per input (the sum's carries need their high bits clear) and the first
        // fold's low half; gone: the second fold's and the result's, whose high bits nobody sees
        assertEquals(3, count(f, Op.AND), f.toString());
        IrRunner.assertComputes((c, t) -> {
            char ch = (char) c, tc = (char) t;
            int s = (~ch & 0xFFFF) + (~8080 & 0xFFFF) + tc;
            s = (s & 0xFFFF) + (s >>> 16);
            s = (s & 0xFFFF) + (s >>> 16);
            return Character.reverseBytes((char) ~s);
        }, f);
    }

    @Test
    void notOfASixteenBitFieldMaskedToSixteenBitsIsAnXor() {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value slot = b.stackAlloc(8, true);
        b.helperCall(GET_CURRENT_COMM, Type.I64, slot, Constant.i64(8));
        Value field = b.load(Type.I32, slot, 0, 2, false);
        b.ret(b.and(b.xor(field, Constant.i32(-1)), Constant.i32(0xFFFF)));
        Function f = optimize(b);
        assertEquals(0, count(f, Op.AND), f.toString());
        Instruction xor = f.instructions().stream().filter(i -> i.op() == Op.XOR).findFirst().orElseThrow();
        assertEquals(Constant.i32(0xFFFF), xor.operand(1));
    }

    @Test
    void aMaskOverBitsThatAreObservedAndCanBeSetStays() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        b.ret(b.add(b.and(b.param(0), Constant.i32(0xFFFF)), b.param(1)));
        Function f = optimize(b);
        assertEquals(1, count(f, Op.AND), f.toString());
        IrRunner.assertComputes((x, y) -> ((int) x & 0xFFFF) + (int) y, f);
    }

    @Test
    void aMaskBelowTheObservedBitsOfASumGoes() {
        // (char) ((x & 0xFFFF) + y): the sum's low 16 bits depend on x's low 16 bits only
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        b.ret(b.zext(b.add(b.and(b.param(0), Constant.i32(0xFFFF)), b.param(1)), 2, Type.I32));
        Function f = optimize(b);
        assertEquals(0, count(f, Op.AND), f.toString());
        IrRunner.assertComputes((x, y) -> (char) (((int) x & 0xFFFF) + (int) y), f);
    }

    @Test
    void theSignExtensionOfAValueKnownNonNegativeIsAZeroExtension() {
        // (long) ((x & 0xF) * 4), an IPv4 header length used as a packet offset
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I32, Type.I32);
        b.ret(b.sext(b.mul(b.and(b.param(0), Constant.i32(0xF)), Constant.i32(4)), 4, Type.I64));
        Function f = optimize(b);
        assertEquals(0, count(f, Op.SEXT), f.toString());
        assertEquals(1, count(f, Op.ZEXT), f.toString());
        IrRunner.assertComputes((x, y) -> (long) (((int) x & 0xF) * 4), f);
        // a value that can be negative keeps its sign extension
        FunctionBuilder any = FunctionBuilder.subprogram("f", Type.I64, Type.I32, Type.I32);
        any.ret(any.sext(any.mul(any.and(any.param(0), Constant.i32(0x3FFF_FFFF)), Constant.i32(4)), 4, Type.I64));
        Function g = optimize(any);
        assertEquals(1, count(g, Op.SEXT), g.toString());
        IrRunner.assertComputes((x, y) -> (long) (((int) x & 0x3FFF_FFFF) * 4), g);
    }

    @Test
    void aCastBothSidesOfAMaskShareStays() {
        // char c = (char) x; ((long) c & c) | 1: each side's bits are those the other can have,
        // which the (char) limits: dropping it on that ground loses it for both (fuzz seed 9302, v4)
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I64, Type.I64);
        Value c = b.zext(b.trunc(b.param(0)), 2, Type.I32);
        b.ret(b.or(b.and(b.sext(c, 4, Type.I64), b.sext(c, 4, Type.I64)), Constant.i64(1)));
        Function f = optimize(b);
        IrRunner.assertComputes((x, y) -> {
            char ch = (char) x;
            return ((long) ch & ch) | 1L;
        }, f);
    }

    @Test
    void aSignExtensionWhoseCopiesOfTheSignNobodySeesGoes() {
        // (byte) x << 2 | 3, of which a byte is kept: the sign's copies are shifted out of sight
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        Value shifted = b.shl(b.sext(b.param(0), 1, Type.I32), Constant.i32(2));
        b.ret(b.and(b.or(shifted, Constant.i32(3)), Constant.i32(0xFF)));
        Function f = optimize(b);
        assertEquals(0, count(f, Op.SEXT), f.toString());
        IrRunner.assertComputes((x, y) -> ((byte) x << 2 | 3) & 0xFF, f);
        // shifted right, the sign's copies are seen
        FunctionBuilder right = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        right.ret(right.and(right.ashr(right.sext(right.param(0), 1, Type.I32), Constant.i32(2)), Constant.i32(0xFF)));
        Function g = optimize(right);
        assertEquals(1, count(g, Op.SEXT), g.toString());
        IrRunner.assertComputes((x, y) -> ((byte) x >> 2) & 0xFF, g);
    }

    @Test
    void aSignedByteLoadWhoseSignNobodySeesIsLoadedUnsigned() {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value slot = b.stackAlloc(8, true);
        b.helperCall(GET_CURRENT_COMM, Type.I64, slot, Constant.i64(8));
        Value dscp = b.load(Type.I32, slot, 0, 1, true);
        b.ret(b.and(b.or(b.shl(dscp, Constant.i32(2)), Constant.i32(1)), Constant.i32(0xFF)));
        Function f = optimize(b);
        assertFalse(f.instructions().stream().filter(i -> i.op() == Op.LOAD).findFirst().orElseThrow().signExtends(), f.toString());
    }

    @Test
    void aLoopCarriedValueIsSeenWhole() {
        // x = (x & 0xFFFF) + 1 around a loop that returns x: the mask must stay
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        Block entry = b.currentBlock(), loop = b.newBlock("loop"), done = b.newBlock("done");
        b.br(loop);
        b.setBlock(loop);
        Phi x = b.phi(Type.I32);
        Phi n = b.phi(Type.I32);
        Value next = b.add(b.and(x, Constant.i32(0xFFFF)), Constant.i32(1));
        Value left = b.sub(n, Constant.i32(1));
        x.addIncoming(entry, b.param(0)).addIncoming(loop, next);
        n.addIncoming(entry, Constant.i32(3)).addIncoming(loop, left);
        b.condBr(Cmp.NE, left, Constant.i32(0), loop, done);
        b.setBlock(done);
        b.ret(next);
        Function f = optimize(b);
        assertTrue(count(f, Op.AND) >= 1, f.toString());
        IrRunner.assertComputes((p, q) -> {
            int v = (int) p;
            for (int k = 0; k < 3; k++) v = (v & 0xFFFF) + 1;
            return v;
        }, f);
    }

    /**
     * {@code (short) (x << 21) & 63} is 0 & 63, so the mask changes nothing; as a packet offset it
     * stays all the same, since the verifier need not know the short is 0 (v4's {@code movsx}
     * forgets it) and bounds the offset by the mask (a fuzzed program, seed 7510023404).
     */
    private static Function maskOfAZeroShort(boolean asPacketOffset) {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value zeroShort = b.sext(b.shl(b.ctxLoad(Type.I32, b.param(0), 8, 4), Constant.i32(21)), 2, Type.I32);
        Value masked = b.and(zeroShort, Constant.i32(63));
        if (!asPacketOffset) {
            b.ret(b.add(masked, zeroShort));
            return optimize(b);
        }
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Value h = b.packetHeader(data, b.sext(masked, 4, Type.I64), 4, end);
        Block read = b.newBlock("read");
        Block beyond = b.newBlock("beyond");
        b.condBr(Cmp.NE, h, Constant.nullOf(Type.PACKET_OR_NULL), read, beyond);
        b.setBlock(beyond);
        b.ret(Constant.i32(0));
        b.setBlock(read);
        b.ret(b.add(b.load(Type.I32, h, 0, 4, false), zeroShort));
        return optimize(b);
    }

    @Test
    void aMaskBoundingAPacketOffsetStaysWhereItChangesNoBit() {
        Function plain = maskOfAZeroShort(false);
        assertEquals(0, count(plain, Op.AND), plain.toString());
        Function f = maskOfAZeroShort(true);
        assertEquals(1, count(f, Op.AND), f.toString());
    }
}
