package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.LongPredicate;
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

/** {@link ByteSwapFolding} of fields tested through shifts, masks and swaps, held against the JVM. */
class ByteSwapFoldingTest {
    /** {@code f(x) = field(x) == k ? 1 : 0}, optimized. */
    private static Function test(Type type, BiFunction<FunctionBuilder, Value, Value> field, long k) {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, type);
        Block yes = b.newBlock("yes"), no = b.newBlock("no");
        b.condBr(Cmp.EQ, field.apply(b, b.param(0)), Constant.of(type, k), yes, no);
        b.setBlock(yes);
        b.ret(Constant.i32(1));
        b.setBlock(no);
        b.ret(Constant.i32(0));
        Function f = b.build();
        Optimizer.checking().run(f);
        return f;
    }

    private static List<Op> arithmetic(Function f) {
        return f.instructions().stream().map(i -> i.op()).filter(Op::isArithmetic).toList();
    }

    /** {@code f} answers as {@code java} for {@code inputs} and edge and random values. */
    private static void assertTests(LongPredicate java, Function f, long... inputs) {
        for (long x : inputs) assertEquals(java.test(x) ? 1 : 0, IrRunner.run(f, x), "f(" + x + ") of " + f);
        IrRunner.assertComputes((x, y) -> java.test(x) ? 1 : 0, f);
    }

    private static long swaps(Function f) {
        return f.instructions().stream().filter(i -> i.op() == Op.BSWAP).count();
    }

    @Test
    void anEtherTypeCarriedThroughAPhiIsTestedInNetworkOrder() {
        // proto = x < 0 ? swap16(x) : swap16(y); proto == 0x0800 ? 1 : proto == 0x86DD ? 2 : 0
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        Block left = b.newBlock("left"), right = b.newBlock("right"), join = b.newBlock("join");
        Block ip4 = b.newBlock("ip4"), other = b.newBlock("other"), ip6 = b.newBlock("ip6"), none = b.newBlock("none");
        b.condBr(Cmp.SLT, b.param(0), Constant.i32(0), left, right);
        b.setBlock(left);
        Value l = b.bswap(b.zext(b.param(0), 2, Type.I32), 2);
        b.br(join);
        b.setBlock(right);
        Value r = b.bswap(b.zext(b.param(1), 2, Type.I32), 2);
        b.br(join);
        b.setBlock(join);
        Phi proto = b.phi(Type.I32).addIncoming(left, l).addIncoming(right, r);
        b.condBr(Cmp.EQ, proto, Constant.i32(0x0800), ip4, other);
        b.setBlock(other);
        b.condBr(Cmp.EQ, proto, Constant.i32(0x86DD), ip6, none);
        b.setBlock(ip4);
        b.ret(Constant.i32(1));
        b.setBlock(ip6);
        b.ret(Constant.i32(2));
        b.setBlock(none);
        b.ret(Constant.i32(0));
        Function f = b.build();
        Optimizer.checking().run(f);
        assertEquals(0, swaps(f), f.toString());
        IrRunner.assertComputes((x, y) -> {
            char p = Character.reverseBytes((char) ((int) x < 0 ? x : y));
            return p == 0x0800 ? 1 : p == 0x86DD ? 2 : 0;
        }, f);
    }

    @Test
    void aFlowHashOfSwappedFieldsSwapsOnce() {
        // Integer.reverseBytes(x) ^ (Character.reverseBytes(y >>> 16) << 16 | Character.reverseBytes(y)): an address and two ports
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        Value high = b.bswap(b.zext(b.lshr(b.param(1), Constant.i32(16)), 2, Type.I32), 2);
        Value low = b.bswap(b.zext(b.param(1), 2, Type.I32), 2);
        b.ret(b.xor(b.bswap(b.param(0), 4), b.or(b.shl(high, Constant.i32(16)), low)));
        Function f = b.build();
        Optimizer.checking().run(f);
        assertEquals(1, swaps(f), f.toString());
        IrRunner.assertComputes((x, y) -> Integer.reverseBytes((int) x)
                ^ (Character.reverseBytes((char) ((int) y >>> 16)) << 16 | Character.reverseBytes((char) y)), f);
    }

    @Test
    void theFirstByteOfANetworkOrderAddressIsTestedWithoutASwap() {
        // Integer.reverseBytes(userIp4) >>> 24 == 127: the loopback net, in the word as it lies in memory
        Function f = test(Type.I32, (b, ip) -> b.lshr(b.bswap(ip, 4), Constant.i32(24)), 127);
        assertEquals(List.of(Op.AND), arithmetic(f), f.toString());
        assertTests(ip -> Integer.reverseBytes((int) ip) >>> 24 == 127, f, 0x7F, 0x0100_007F, 0x7F00_0000, 0xFF7F, 0x17F);
    }

    @Test
    void aMaskedSwappedFieldIsTestedWithASwappedMask() {
        // (Character.reverseBytes(flags) & 0x1FFF) == 0x0100: the fragment offset of an IPv4 header
        Function f = test(Type.I32, (b, x) -> b.and(b.bswap(x, 2), Constant.i32(0x1FFF)), 0x0100);
        assertEquals(List.of(Op.AND), arithmetic(f), f.toString());
        assertTests(x -> (Character.reverseBytes((char) x) & 0x1FFF) == 0x0100, f, 0x0001, 0x20_0001, 0x0101, 0xE001, 0xFFFF_0001L);
    }

    @Test
    void aShiftedThenMaskedFieldIsTestedInPlace() {
        // (b >>> 4 & 0xF) == 4: an IP version, one mask instead of a shift and a mask
        Function f = test(Type.I32, (b, x) -> b.and(b.lshr(x, Constant.i32(4)), Constant.i32(0xF)), 4);
        assertEquals(List.of(Op.AND), arithmetic(f), f.toString());
        assertTests(x -> ((int) x >>> 4 & 0xF) == 4, f, 0x45, 0x40, 0x4F, 0x145, 0x54, 0x8000_0045L);
    }

    @Test
    void aSixtyFourBitFieldTestsOnlyWithImmediatesThatSignExtend() {
        // Long.reverseBytes(x) >>> 32 == 0x7F000001: the mask and the constant do not fit an immediate
        Function f = test(Type.I64, (b, x) -> b.lshr(b.bswap(x, 8), Constant.i64(32)), 0x7F00_0001L);
        assertEquals(1, f.instructions().stream().filter(i -> i.op() == Op.BSWAP).count(), f.toString());
        assertTests(x -> Long.reverseBytes(x) >>> 32 == 0x7F00_0001L, f, 0x0100_007FL, 0x0100_007F_0000_0000L);
    }

    @Test
    void aTestTheFieldCannotPassOrASignedShiftIsLeftAlone() {
        // (Integer.reverseBytes(x) >>> 24) == 0x100 never holds; x >> 28 of a negative x copies the sign
        Function never = test(Type.I32, (b, x) -> b.lshr(b.bswap(x, 4), Constant.i32(24)), 0x100);
        assertTests(x -> Integer.reverseBytes((int) x) >>> 24 == 0x100, never);
        Function signed = test(Type.I32, (b, x) -> b.and(b.ashr(x, Constant.i32(28)), Constant.i32(0xFF)), 0xF8);
        assertEquals(List.of(Op.ASHR, Op.AND), arithmetic(signed), signed.toString());
        assertTests(x -> ((int) x >> 28 & 0xFF) == 0xF8, signed, 0x8000_0000L, 0xF800_0000L);
    }

    /** {@code port = Character.reverseBytes(raw); if (port == 80) return port or 1; return 0}, optimized. */
    private static Function portTested(boolean portReturned) {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Value port = b.bswap(b.zext(b.param(0), 2, Type.I32), 2);
        Block yes = b.newBlock("yes"), no = b.newBlock("no");
        b.condBr(Cmp.EQ, port, Constant.i32(80), yes, no);
        b.setBlock(yes);
        b.ret(portReturned ? port : Constant.i32(1));
        b.setBlock(no);
        b.ret(Constant.i32(0));
        Function f = b.build();
        Optimizer.checking().run(f);
        return f;
    }

    @Test
    void aSwapUsedOnlyByTestsGoesAndOneUsedBesidesIsTested() {
        Function tested = portTested(false);
        assertEquals(0, tested.instructions().stream().filter(i -> i.op() == Op.BSWAP).count(), tested.toString());
        assertTests(x -> Character.reverseBytes((char) x) == 80, tested, 0x5000, 0x50, 0x1_5000);
        // the swapped port is needed anyway: testing the raw value as well would keep both live
        Function returned = portTested(true);
        Instruction br = returned.instructions().stream().filter(i -> i.op() == Op.COND_BR).findFirst().orElseThrow();
        assertEquals(Op.BSWAP, ((Instruction) br.operand(0)).op(), returned.toString());
        IrRunner.assertComputes((x, y) -> Character.reverseBytes((char) x) == 80 ? 80 : 0, returned);
    }
}
