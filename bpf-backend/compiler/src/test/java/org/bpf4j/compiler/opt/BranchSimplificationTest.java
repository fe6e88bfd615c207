package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** Branches a dominating branch on the same operands has decided. */
class BranchSimplificationTest {
    /** {@code BPF_FUNC_map_lookup_elem}, {@code BPF_FUNC_ktime_get_ns}. */
    private static final int MAP_LOOKUP = 1, KTIME_GET_NS = 5;

    private static long count(Function f, Op op) {
        return f.instructions().stream().filter(i -> i.op() == op).count();
    }

    /**
     * {@code v = lookup(a); if (v != null) { t = ktime(); } if (w == null) return 0; return v2.x}
     * where {@code w} is {@code v} or another lookup, tested again below the first test.
     */
    private static Function nullTestedTwice(boolean sameValue) {
        FunctionBuilder b = FunctionBuilder.program("p", "kprobe/x", Type.I64);
        Value key = b.stackAlloc(4, true);
        Value v = b.mapLookup(MAP_LOOKUP, b.mapAddr("m"), key);
        Value w = sameValue ? v : b.mapLookup(MAP_LOOKUP, b.mapAddr("m"), key);
        Block found = b.newBlock("found");
        Block none = b.newBlock("none");
        b.condBr(Cmp.NE, v, Constant.nullOf(Type.MAP_VALUE_OR_NULL), found, none);
        b.setBlock(none);
        b.ret(Constant.i64(0));
        b.setBlock(found);
        Value t = b.helperCall(KTIME_GET_NS, Type.I64);
        Block again = b.newBlock("again");
        Block missing = b.newBlock("missing");
        b.condBr(Cmp.EQ, w, Constant.nullOf(Type.MAP_VALUE_OR_NULL), missing, again);
        b.setBlock(missing);
        b.ret(t);
        b.setBlock(again);
        b.ret(b.load(Type.I64, w, 0, 8, false));
        Function f = b.build();
        Optimizer.checking().run(f);
        return f;
    }

    @Test
    void aPointerNullTestedAgainWhereItIsKnownNonNullIsNotTestedAgain() {
        Function f = nullTestedTwice(true);
        assertEquals(1, count(f, Op.COND_BR), f.toString());
    }

    @Test
    void aTestOfAnotherPointerStays() {
        Function f = nullTestedTwice(false);
        assertEquals(2, count(f, Op.COND_BR), f.toString());
    }

    /** {@code if (x < y) { if (cmp(x or y, y or x)) return 1; return 2; } return 3;}. */
    private static Function compareRepeated(Cmp second, boolean swapped, boolean sameValues) {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32, Type.I32);
        Block inner = b.newBlock("inner");
        Block three = b.newBlock("three");
        b.condBr(Cmp.SLT, b.param(0), b.param(1), inner, three);
        b.setBlock(three);
        b.ret(Constant.i32(3));
        b.setBlock(inner);
        Block one = b.newBlock("one");
        Block two = b.newBlock("two");
        Value x = b.param(0), y = sameValues ? b.param(1) : b.param(2);
        b.condBr(second, swapped ? y : x, swapped ? x : y, one, two);
        b.setBlock(one);
        b.ret(Constant.i32(1));
        b.setBlock(two);
        b.ret(Constant.i32(2));
        Function f = b.build();
        Optimizer.checking().run(f);
        return f;
    }

    @Test
    void theSameCompareRepeatedIsDecided() {
        assertEquals(1, count(compareRepeated(Cmp.SLT, false, true), Op.COND_BR));
        assertEquals(1, count(compareRepeated(Cmp.SGE, false, true), Op.COND_BR), "the negation");
        assertEquals(1, count(compareRepeated(Cmp.SGT, true, true), Op.COND_BR), "the operands exchanged");
        Function f = compareRepeated(Cmp.SLE, true, true);   // y <= x is x >= y: false where x < y
        assertEquals(1, count(f, Op.COND_BR), f.toString());
        assertEquals(0, f.instructions().stream().filter(i -> i.op() == Op.RETURN && i.operand(0).equals(Constant.i32(1))).count(), f.toString());
    }

    @Test
    void aCompareTheFirstDoesNotDecideStays() {
        assertEquals(2, count(compareRepeated(Cmp.SLE, false, true), Op.COND_BR), "only the same or the negated compare is decided: x <= y is left to the verifier");
        assertEquals(2, count(compareRepeated(Cmp.SLT, false, false), Op.COND_BR), "another value");
    }

    /**
     * An inlined {@code ipv4(ctx)} returning the IPv4 header or null (a short packet, another
     * EtherType), tested by its caller, which then reads the header:
     * {@code ip = ...; if (ip == null) return PASS; return ip.protocol}.
     */
    private static Function nullReturnedThenRead() {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Block merge = b.newBlock("merge");
        Block ethOk = b.newBlock("eth_ok");
        Block isIp = b.newBlock("is_ip");
        Block ipOk = b.newBlock("ip_ok");
        Block noEth = b.newBlock("no_eth");
        Block notIp = b.newBlock("not_ip");
        Block noIp = b.newBlock("no_ip");
        Value eth = b.packetHeader(data, Constant.i64(0), 14, end);
        b.condBr(Cmp.NE, eth, Constant.nullOf(Type.PACKET_OR_NULL), ethOk, noEth);
        b.setBlock(noEth);
        b.br(merge);
        b.setBlock(ethOk);
        b.condBr(Cmp.EQ, b.load(Type.I32, eth, 12, 2, false), Constant.i32(8), isIp, notIp);
        b.setBlock(notIp);
        b.br(merge);
        b.setBlock(isIp);
        Value ip = b.packetHeader(data, Constant.i64(14), 20, end);
        b.condBr(Cmp.NE, ip, Constant.nullOf(Type.PACKET_OR_NULL), ipOk, noIp);
        b.setBlock(noIp);
        b.br(merge);
        b.setBlock(ipOk);
        b.br(merge);
        b.setBlock(merge);
        Value result = b.phi(Type.PACKET_OR_NULL).addIncoming(noEth, Constant.nullOf(Type.PACKET_OR_NULL))
                .addIncoming(notIp, Constant.nullOf(Type.PACKET_OR_NULL)).addIncoming(noIp, Constant.nullOf(Type.PACKET_OR_NULL))
                .addIncoming(ipOk, ip);
        Block pass = b.newBlock("pass");
        Block read = b.newBlock("read");
        b.condBr(Cmp.EQ, result, Constant.nullOf(Type.PACKET_OR_NULL), pass, read);
        b.setBlock(pass);
        b.ret(Constant.i32(2));
        b.setBlock(read);
        b.ret(b.load(Type.I32, result, 9, 1, false));
        Function f = b.build();
        Optimizer.checking().run(f);
        return f;
    }

    @Test
    void aNullReturnedByAnInlinedCallGoesStraightToTheCallersNullBranch() {
        Function f = nullReturnedThenRead();
        assertEquals(0, count(f, Op.PHI), f.toString());
        // what is left: one bounds check (the two merge once no phi keeps them apart), the EtherType test
        assertEquals(2, count(f, Op.COND_BR), f.toString());
    }

    /** {@code if (v == null) return 0; ktime(); return 0;}: both returns of 0 are one block. */
    @Test
    void aReturnAfterOtherWorkJumpsToTheSharedReturnOfTheSameConstant() {
        FunctionBuilder b = FunctionBuilder.program("p", "kprobe/x", Type.I64);
        Value v = b.mapLookup(MAP_LOOKUP, b.mapAddr("m"), b.stackAlloc(4, true));
        Block found = b.newBlock("found");
        Block none = b.newBlock("none");
        b.condBr(Cmp.NE, v, Constant.nullOf(Type.MAP_VALUE_OR_NULL), found, none);
        b.setBlock(none);
        b.ret(Constant.i64(0));
        b.setBlock(found);
        b.helperCall(KTIME_GET_NS, Type.I64);
        b.ret(Constant.i64(0));
        Function f = b.build();
        Optimizer.checking().run(f);
        assertEquals(1, count(f, Op.RETURN), f.toString());
    }
}
