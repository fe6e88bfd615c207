package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Loads reused by common subexpression elimination, and the writes that keep them apart. */
class CommonSubexpressionsTest {
    /** {@code BPF_FUNC_map_lookup_elem}, {@code BPF_FUNC_ktime_get_ns}, {@code BPF_FUNC_get_hash_recalc}, {@code BPF_FUNC_xdp_adjust_head}. */
    private static final int MAP_LOOKUP = 1, KTIME_GET_NS = 5, GET_HASH_RECALC = 34, XDP_ADJUST_HEAD = 44;

    private static long count(Function f, Op op) {
        return f.instructions().stream().filter(i -> i.op() == op).count();
    }

    /** An XDP program's Ethernet header, or a return of 0 when the packet is shorter. */
    private static Value ethernet(FunctionBuilder b) {
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Value eth = b.packetHeader(data, Constant.i64(0), 14, end);
        Block ok = b.newBlock("eth_ok");
        Block shortPacket = b.newBlock("short");
        b.condBr(Cmp.NE, eth, Constant.nullOf(Type.PACKET_OR_NULL), ok, shortPacket);
        b.setBlock(shortPacket);
        b.ret(Constant.i32(0));
        b.setBlock(ok);
        return eth;
    }

    /**
     * {@code if (eth.u8(12) == 8) return 1; between; return eth.u8(12) == 6 ? 2 : 3;}: the byte
     * tested twice, with {@code between} in the second test's block.
     */
    private static Function byteTestedTwice(java.util.function.Consumer<FunctionBuilder> between) {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value eth = ethernet(b);
        Block second = b.newBlock("second");
        Block one = b.newBlock("one");
        b.condBr(Cmp.EQ, b.load(Type.I32, eth, 12, 1, false), Constant.i32(8), one, second);
        b.setBlock(one);
        b.ret(Constant.i32(1));
        b.setBlock(second);
        between.accept(b);
        Block two = b.newBlock("two");
        Block three = b.newBlock("three");
        b.condBr(Cmp.EQ, b.load(Type.I32, eth, 12, 1, false), Constant.i32(6), two, three);
        b.setBlock(two);
        b.ret(Constant.i32(2));
        b.setBlock(three);
        b.ret(Constant.i32(3));
        return b.build();
    }

    private static Function optimized(Function f) {
        Optimizer.checking().run(f);
        return f;
    }

    @Test
    void aPacketByteTestedTwiceIsLoadedOnce() {
        Function f = optimized(byteTestedTwice(b -> { }));
        assertEquals(1, count(f, Op.LOAD), f.toString());
    }

    @Test
    void aPacketByteIsLoadedAgainAfterAStoreToThePacket() {
        Function f = optimized(byteTestedTwice(b -> b.store(b.function().instructions().stream()
                .filter(i -> i.op() == Op.PACKET_HEADER).findFirst().orElseThrow(), 0, 1, Constant.i32(0))));
        assertEquals(2, count(f, Op.LOAD), f.toString());
    }

    @Test
    void aPacketByteIsLoadedAgainAfterACall() {
        Function f = optimized(byteTestedTwice(b -> b.helperCall(KTIME_GET_NS, Type.I64)));
        assertEquals(2, count(f, Op.LOAD), f.toString());
    }

    @Test
    void aStoreToTheStackDoesNotWriteThePacket() {
        Function f = byteTestedTwice(b -> b.store(b.stackAlloc(8, false), 0, 8, Constant.i64(1)));
        new CommonSubexpressions().run(f);
        assertEquals(1, count(f, Op.LOAD), f.toString());
    }

    /**
     * {@code v = lookup(); if (v == null) return 0; a = v.x; if (c) { side } return a + v.x;}: the
     * second load sees {@code side} on one path only, which is enough to keep it.
     */
    private static Function mapValueAroundADiamond(boolean callOnOneArm) {
        FunctionBuilder b = FunctionBuilder.program("p", "kprobe/x", Type.I64);
        Value key = b.stackAlloc(4, true);
        Value v = b.mapLookup(MAP_LOOKUP, b.mapAddr("m"), key);
        Block found = b.newBlock("found");
        Block none = b.newBlock("none");
        b.condBr(Cmp.NE, v, Constant.nullOf(Type.MAP_VALUE_OR_NULL), found, none);
        b.setBlock(none);
        b.ret(Constant.i64(0));
        b.setBlock(found);
        Value a = b.load(Type.I64, v, 8, 8, false);
        Block side = b.newBlock("side");
        Block join = b.newBlock("join");
        b.condBr(Cmp.SGT, a, Constant.i64(100), side, join);
        b.setBlock(side);
        if (callOnOneArm) b.helperCall(KTIME_GET_NS, Type.I64);
        else b.store(key, 0, 4, Constant.i32(1));
        b.br(join);
        b.setBlock(join);
        b.ret(b.add(a, b.load(Type.I64, v, 8, 8, false)));
        return b.build();
    }

    @Test
    void aMapValueLoadIsReusedAcrossPathsThatDoNotWriteIt() {
        Function f = optimized(mapValueAroundADiamond(false));
        assertEquals(1, count(f, Op.LOAD), f.toString());
    }

    @Test
    void aMapValueLoadIsNotReusedWhenOnePathCalls() {
        Function f = optimized(mapValueAroundADiamond(true));
        assertEquals(2, count(f, Op.LOAD), f.toString());
    }

    @Test
    void aLoadInALoopIsNotReusedWhenTheLoopWritesTheMemory() {
        // x = g.n; while (g.n != 0) g.n = g.n - 1; return x
        FunctionBuilder b = FunctionBuilder.program("p", "kprobe/x", Type.I64);
        Value g = b.globalAddr("counters", 0);
        Value x = b.load(Type.I64, g, 0, 8, false);
        Block head = b.newBlock("head");
        Block body = b.newBlock("body");
        Block exit = b.newBlock("exit");
        b.br(head);
        b.setBlock(head);
        Value n = b.load(Type.I64, g, 0, 8, false);
        b.condBr(Cmp.NE, n, Constant.i64(0), body, exit);
        b.setBlock(body);
        b.store(g, 0, 8, b.sub(n, Constant.i64(1)));
        b.br(head);
        b.setBlock(exit);
        b.ret(x);
        Function f = optimized(b.build());
        assertEquals(2, count(f, Op.LOAD), f.toString());
    }

    /** Ends {@code b} with {@code return first == second ? 1 : 2}. */
    private static Function returnsWhetherEqual(FunctionBuilder b, Value first, Value second) {
        Block same = b.newBlock("same");
        Block moved = b.newBlock("moved");
        b.condBr(Cmp.EQ, first, second, same, moved);
        b.setBlock(same);
        b.ret(Constant.i32(1));
        b.setBlock(moved);
        b.ret(Constant.i32(2));
        return b.build();
    }

    /** A context field read, then {@code between}, then read again and compared with the first read. */
    private static Function dataReadTwice(java.util.function.Consumer<FunctionBuilder> between, Type type, int offset) {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value first = b.ctxLoad(type, b.param(0), offset, 4);
        between.accept(b);
        Value second = b.ctxLoad(type, b.param(0), offset, 4);
        return returnsWhetherEqual(b, first, second);
    }

    /**
     * A context field read, an if without else (calling a helper that touches neither; checking
     * the packet's byte 20 first when {@code armChecksAConstantOffset}), and the field read again
     * at the join and compared with the first read.
     */
    private static Function ctxReadAroundAnIf(Type type, int offset, boolean armChecksAConstantOffset) {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value first = b.ctxLoad(type, b.param(0), offset, 4);
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Block then = b.newBlock("then");
        Block join = b.newBlock("join");
        b.condBr(Cmp.EQ, b.ctxLoad(Type.I32, b.param(0), 12, 4), Constant.i32(0), then, join);
        b.setBlock(then);
        b.helperCall(KTIME_GET_NS, Type.I64);
        if (armChecksAConstantOffset) {
            Block fits = b.newBlock("fits");
            Block shortPacket = b.newBlock("short");
            b.condBr(Cmp.EQ, b.packetHeader(data, Constant.i64(20), 1, end), Constant.nullOf(Type.PACKET_OR_NULL), shortPacket, fits);
            b.setBlock(shortPacket);
            b.ret(Constant.i32(0));
            b.setBlock(fits);
        }
        b.br(join);
        b.setBlock(join);
        Value second = b.ctxLoad(type, b.param(0), offset, 4);
        return returnsWhetherEqual(b, first, second);
    }

    /** The comparison of the two reads is left: the second read was not replaced by the first. */
    private static boolean readTwice(Function f) {
        return f.instructions().stream().anyMatch(i -> i.op() == Op.COND_BR && i.operand(0).type() == i.operand(1).type()
                && (i.operand(0).type() == Type.PACKET || i.operand(0).type() == Type.PACKET_END));
    }

    @Test
    void contextFieldsAndPacketBoundsAreReusedAcrossAMerge() {
        for (Type type : new Type[] {Type.PACKET, Type.PACKET_END, Type.I32}) {
            Function f = optimized(ctxReadAroundAnIf(type, type == Type.PACKET_END ? 4 : type == Type.PACKET ? 0 : 8, false));
            assertFalse(readTwice(f), f.toString());
            assertEquals(1, count(f, Op.CTX_LOAD), "only the if's read is left: " + f);
        }
    }

    @Test
    void packetStartIsReadAgainAfterAMergeWhereAnArmChecksAConstantOffset() {
        Function data = optimized(ctxReadAroundAnIf(Type.PACKET, 0, true));
        assertTrue(readTwice(data), data.toString());
        Function end = optimized(ctxReadAroundAnIf(Type.PACKET_END, 4, true));
        assertTrue(readTwice(end), "data_end follows data's rule, so as not to hold a register everywhere: " + end);
    }

    /**
     * {@code for (i = 0; i < 8; i++) { s += ctx.u8(i * k); if (s > 100) { s = 0; [armChecks: s +=
     * ctx.u8(40);] } s += ctx.u8(i * k + 1); } return s [readAfter: + ctx.u8(0)];}, short packets
     * returning 0, with the packet bounds read before the loop and again at each access.
     */
    private static Function packetLoop(boolean armChecks, boolean readAfter) {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Value k = b.ctxLoad(Type.I32, b.param(0), 12, 4);
        Block shortPacket = b.newBlock("short");
        Block head = b.newBlock("head");
        Block exit = b.newBlock("exit");
        b.condBr(Cmp.EQ, b.packetHeader(data, Constant.i64(0), 14, end), Constant.nullOf(Type.PACKET_OR_NULL), shortPacket, head);
        b.setBlock(shortPacket);
        b.ret(Constant.i32(0));
        Block entry = b.function().entry();
        b.setBlock(head);
        Phi i = b.phi(Type.I32);
        Phi s = b.phi(Type.I32);
        Block body = b.newBlock("body");
        b.condBr(Cmp.SLT, i, Constant.i32(8), body, exit);
        b.setBlock(body);
        Value first = packetByte(b, b.mul(i, k), shortPacket);
        Value sum = b.add(s, first);
        Block reset = b.newBlock("reset");
        Block join = b.newBlock("join");
        Block tested = b.currentBlock();
        b.condBr(Cmp.SGT, sum, Constant.i32(100), reset, join);
        b.setBlock(reset);
        Value zero = armChecks ? packetByte(b, Constant.i64(40), shortPacket) : Constant.i32(0);
        Block resetEnd = b.currentBlock();
        b.br(join);
        b.setBlock(join);
        Phi kept = b.phi(Type.I32);
        kept.addIncoming(resetEnd, zero).addIncoming(tested, sum);
        Value next = b.add(kept, packetByte(b, b.add(b.mul(i, k), Constant.i32(1)), shortPacket));
        Value step = b.add(i, Constant.i32(1));
        Block latch = b.currentBlock();
        b.br(head);
        i.addIncoming(entry, Constant.i32(0)).addIncoming(latch, step);
        s.addIncoming(entry, Constant.i32(0)).addIncoming(latch, next);
        b.setBlock(exit);
        b.ret(readAfter ? b.add(s, packetByte(b, Constant.i64(0), shortPacket)) : s);
        return b.build();
    }

    /** {@code ctx.u8(at)} reading the packet bounds again, going to {@code shortPacket} when it does not fit. */
    private static Value packetByte(FunctionBuilder b, Value at, Block shortPacket) {
        Value offset = at.type() == Type.I64 ? at : b.sext(at, 4, Type.I64);
        Value h = b.packetHeader(b.ctxLoad(Type.PACKET, b.param(0), 0, 4), offset, 1, b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4));
        Block fits = b.newBlock("fits");
        b.condBr(Cmp.EQ, h, Constant.nullOf(Type.PACKET_OR_NULL), shortPacket, fits);
        b.setBlock(fits);
        return b.load(Type.I32, h, 0, 1, false);
    }

    private static long reads(Function f, Type bound) {
        return f.instructions().stream().filter(x -> x.op() == Op.CTX_LOAD && x.type() == bound).count();
    }

    @Test
    void packetBoundsStayLiveThroughALoopWhoseMergesAgreeOnTheirRange() {
        Function f = optimized(packetLoop(false, false));
        assertEquals(1, reads(f, Type.PACKET), "every path through an iteration checks the same offsets: " + f);
        assertEquals(1, reads(f, Type.PACKET_END), f.toString());
    }

    @Test
    void packetStartIsReadAgainInALoopWhoseArmsCheckDifferentOffsets() {
        Function f = optimized(packetLoop(true, false));
        assertEquals(3, reads(f, Type.PACKET), "before the loop, at each iteration's start and after the arms' merge: " + f);
        assertEquals(3, reads(f, Type.PACKET_END), "data_end follows data's rule, so as not to hold a register everywhere: " + f);
    }

    @Test
    void packetStartIsReadAgainAfterALoopThatAnIterationMayLeave() {
        Function f = optimized(packetLoop(false, true));
        assertEquals(2, reads(f, Type.PACKET), "kept through the loop, read again after it: " + f);
    }

    @Test
    void packetBoundsSurviveCallsThatDoNotMoveThePacket() {
        Function f = optimized(dataReadTwice(b -> b.helperCall(GET_HASH_RECALC, Type.I64, b.param(0)), Type.PACKET, 0));
        assertEquals(0, count(f, Op.COND_BR), "read once, compared with itself: " + f);
    }

    @Test
    void packetBoundsAreReadAgainAfterAHelperThatMovesThePacket() {
        Function f = optimized(dataReadTwice(b -> b.helperCall(XDP_ADJUST_HEAD, true, Type.I64, b.param(0), Constant.i64(4)), Type.PACKET, 0));
        assertEquals(2, count(f, Op.CTX_LOAD), f.toString());
    }

    @Test
    void packetBoundsAreReadAgainAfterASubprogramThatMovesThePacket() {
        Function f = optimized(dataReadTwice(b -> b.call("strip", true, Type.I64, b.param(0)), Type.PACKET, 0));
        assertEquals(2, count(f, Op.CTX_LOAD), f.toString());
    }

    @Test
    void otherContextFieldsSurviveCallsNotGivenTheContext() {
        Function f = optimized(dataReadTwice(b -> b.helperCall(KTIME_GET_NS, Type.I64), Type.I32, 12));
        assertEquals(0, count(f, Op.COND_BR), "read once, compared with itself: " + f);
    }

    @Test
    void otherContextFieldsAreReadAgainAfterACallGivenTheContextOrAStore() {
        // bpf_get_hash_recalc(skb) sets skb->hash
        Function f = optimized(dataReadTwice(b -> b.helperCall(GET_HASH_RECALC, Type.I64, b.param(0)), Type.I32, 12));
        assertEquals(2, count(f, Op.CTX_LOAD), f.toString());
        Function g = optimized(dataReadTwice(b -> b.ctxStore(b.param(0), 8, 4, Constant.i32(0)), Type.I32, 12));
        assertEquals(2, count(g, Op.CTX_LOAD), g.toString());
    }

    @Test
    void stackLoadsAreLeftToStackForwarding() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.STACK);
        b.ret(b.add(b.load(Type.I64, b.param(0), 0, 8, false), b.load(Type.I64, b.param(0), 0, 8, false)));
        Function f = b.build();
        assertFalse(new CommonSubexpressions().run(f), f.toString());
    }
}
