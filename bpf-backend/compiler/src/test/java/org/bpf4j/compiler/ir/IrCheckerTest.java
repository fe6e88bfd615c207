package org.bpf4j.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class IrCheckerTest {
    // The kernel's helper numbers (include/uapi/linux/bpf.h); the checker reads only the operands.
    private static final int MAP_LOOKUP_ELEM = 1, MAP_UPDATE_ELEM = 2, MAP_DELETE_ELEM = 3, TAIL_CALL = 12, KTIME_GET_NS = 5;

    /** The IR of xdp_blocklist.bpf.c, as the front end would produce it. */
    static Module blocklist() {
        Module m = new Module("GPL");
        m.addMap(MapDecl.of("blocked", 1, DataType.U32, DataType.U64, 65536));
        FunctionBuilder b = FunctionBuilder.program("xdp_blocklist", "xdp", Type.I32);
        Value ctx = b.param(0);
        Block pass = b.newBlock("pass");
        Block ethOk = b.newBlock("eth_ok");
        Block isIp = b.newBlock("is_ip");
        Block ipOk = b.newBlock("ip_ok");
        Block hit = b.newBlock("hit");
        Value data = b.ctxLoad(Type.PACKET, ctx, 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, ctx, 4, 4);
        Value eth = b.packetHeader(data, Constant.i64(0), 14, end);
        b.condBr(Cmp.EQ, eth, Constant.nullOf(Type.PACKET_OR_NULL), pass, ethOk);
        b.setBlock(ethOk);
        Value proto = b.load(Type.I32, eth, 12, 2, false);
        b.condBr(Cmp.NE, proto, Constant.i32(0x0008), pass, isIp);
        b.setBlock(isIp);
        Value ip = b.packetHeader(data, Constant.i64(14), 20, end);
        b.condBr(Cmp.EQ, ip, Constant.nullOf(Type.PACKET_OR_NULL), pass, ipOk);
        b.setBlock(ipOk);
        Value saddr = b.load(Type.I32, ip, 12, 4, false);
        Value key = b.stackAlloc(4, false);
        b.store(key, 0, 4, saddr);
        Value hits = b.mapLookup(MAP_LOOKUP_ELEM, b.mapAddr("blocked"), key);
        b.condBr(Cmp.EQ, hits, Constant.nullOf(Type.MAP_VALUE_OR_NULL), pass, hit);
        b.setBlock(hit);
        b.atomic(AtomicKind.ADD, hits, 0, 8, Constant.i64(1), false);
        b.ret(Constant.i32(1));
        b.setBlock(pass);
        b.ret(Constant.i32(2));
        m.addFunction(b.build());
        return m;
    }

    @Test
    void wellFormedProgramPasses() {
        Module m = blocklist();
        assertDoesNotThrow(() -> IrChecker.check(m));
        assertTrue(m.toString().contains("map_lookup"));
    }

    @Test
    void useBeforeNullTestIsRejected() {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value key = b.stackAlloc(4, true);
        Value v = b.mapLookup(MAP_LOOKUP_ELEM, b.mapAddr("m"), key);
        b.load(Type.I32, v, 0, 4, false);
        b.ret(Constant.i32(0));
        IrException e = assertThrows(IrException.class, b::build);
        assertTrue(e.getMessage().contains("without a dominating null test"), e.getMessage());
    }

    @Test
    void nonDominatingUseIsRejected() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Block left = b.newBlock("left");
        Block join = b.newBlock("join");
        b.condBr(Cmp.EQ, b.param(0), Constant.i32(0), left, join);
        b.setBlock(left);
        Value x = b.add(b.param(0), Constant.i32(1));
        b.br(join);
        b.setBlock(join);
        b.ret(x);
        IrException e = assertThrows(IrException.class, b::build);
        assertTrue(e.getMessage().contains("does not dominate"), e.getMessage());
    }

    @Test
    void mixedWidthArithmeticIsRejected() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I64);
        Value x = b.add(b.param(0), Constant.i32(1));
        b.ret(x);
        IrException e = assertThrows(IrException.class, b::build);
        assertTrue(e.getMessage().contains("expected I64"), e.getMessage());
    }

    @Test
    void phiMustCoverPredecessors() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Block l = b.newBlock("l");
        Block r = b.newBlock("r");
        Block j = b.newBlock("j");
        b.condBr(Cmp.SLT, b.param(0), Constant.i32(0), l, r);
        b.setBlock(l);
        b.br(j);
        b.setBlock(r);
        b.br(j);
        b.setBlock(j);
        Phi p = b.phi(Type.I32).addIncoming(l, Constant.i32(1));
        b.ret(p);
        IrException e = assertThrows(IrException.class, b::build);
        assertTrue(e.getMessage().contains("predecessors"), e.getMessage());
    }

    @Test
    void missingTerminatorIsRejected() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        b.add(b.param(0), Constant.i32(1));
        IrException e = assertThrows(IrException.class, b::build);
        assertTrue(e.getMessage().contains("does not end in a terminator"), e.getMessage());
    }

    /** Builds program {@code p} (XDP, returns I32) with {@code body} before {@code return 0}; returns the checker's message. */
    private static String rejection(Consumer<FunctionBuilder> body) {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        body.accept(b);
        b.ret(Constant.i32(0));
        return assertThrows(IrException.class, b::build).getMessage();
    }

    private static void assertRejected(String expected, Consumer<FunctionBuilder> body) {
        String message = rejection(body);
        assertTrue(message.contains(expected), message);
    }

    @Test
    void helperArgumentsAndResultsAre64Bit() {
        assertRejected("operand 0 (0) is I32, expected I64 or a pointer", b -> b.helperCall(KTIME_GET_NS, Type.I64, Constant.i32(0)));
        assertRejected("HELPER_CALL yields I64, a pointer or VOID", b -> b.helperCall(KTIME_GET_NS, Type.I32));
        assertRejected("HELPER_CALL takes at most 5 operands, has 6",
                b -> b.helperCall(KTIME_GET_NS, Type.I64, Constant.i64(1), Constant.i64(2), Constant.i64(3), Constant.i64(4), Constant.i64(5), Constant.i64(6)));
    }

    @Test
    void callsTakeAtMostFiveArguments() {
        assertRejected("CALL takes at most 5 operands, has 6",
                b -> b.call("g", Type.I64, Constant.i64(1), Constant.i64(2), Constant.i64(3), Constant.i64(4), Constant.i64(5), Constant.i64(6)));
    }

    @Test
    void extensionsFitTheirOperandAndResult() {
        assertRejected("SEXT size must be 1, 2 or 4 bytes, not 8", b -> b.sext(Constant.i64(1), 8, Type.I64));
        assertRejected("SEXT size must be 1, 2 or 4 bytes, not 3", b -> b.sext(Constant.i32(1), 3, Type.I64));
        assertRejected("ZEXT yields I32 or I64 holding 4 bytes, not STACK", b -> b.zext(Constant.i32(1), 4, Type.STACK));
        assertRejected("expected I32 or I64 of at least 4 bytes", b -> b.zext(b.stackAlloc(8, true), 4, Type.I64));
        assertRejected("BSWAP size must be 2, 4 or 8 bytes, not 1", b -> b.bswap(Constant.i32(1), 1));
        assertRejected("operand 0 (1) is I32, expected I32 or I64 of at least 8 bytes", b -> b.bswap(Constant.i32(1), 8));
        assertRejected("operand 0 (1) is I32, expected I64", b -> b.trunc(Constant.i32(1)));
    }

    @Test
    void memoryGoesThroughPointersWithAccessSizes() {
        assertRejected("expected a pointer to memory", b -> b.load(Type.I32, b.mapAddr("m"), 0, 4, false));
        assertRejected("LOAD size must be 1, 2, 4 or 8 bytes, not 3", b -> b.load(Type.I32, b.stackAlloc(8, true), 0, 3, false));
        assertRejected("LOAD yields I32 or I64 holding 8 bytes, not I32", b -> b.load(Type.I32, b.stackAlloc(8, true), 0, 8, false));
        assertRejected("expected an integer (or an 8-byte pointer)", b -> b.store(b.stackAlloc(8, true), 0, 4, b.stackAlloc(8, true)));
        assertRejected("CTX_LOAD yields I32 or I64 holding 8 bytes, PACKET or PACKET_END, not I32", b -> b.ctxLoad(Type.I32, b.param(0), 0, 8));
        assertRejected("expected CTX", b -> b.ctxStore(b.stackAlloc(8, true), 0, 4, Constant.i32(1)));
        assertRejected("STACK_ALLOC size must be 1 to 512 bytes, the BPF stack, not 513", b -> b.stackAlloc(513, false));
        assertRejected("expected PACKET or PACKET_OR_NULL",
                b -> b.packetHeader(b.stackAlloc(8, true), Constant.i64(0), 4, b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4)));
        assertRejected("PACKET_HEADER size must be positive, not 0", b -> b.packetHeader(b.ctxLoad(Type.PACKET, b.param(0), 0, 4),
                Constant.i64(0), 0, b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4)));
    }

    @Test
    void atomicOperandsHaveTheAtomicsWidth() {
        assertRejected("operand 1 (1) is I32, expected I64", b -> b.atomic(AtomicKind.ADD, b.stackAlloc(8, true), 0, 8, Constant.i32(1), false));
        assertRejected("ATOMIC size must be 4 or 8 bytes, not 2", b -> b.atomic(AtomicKind.ADD, b.stackAlloc(8, true), 0, 2, Constant.i64(1), false));
        assertRejected("operand 2 (2L) is I64, expected I32",
                b -> b.cmpxchg(b.stackAlloc(8, true), 0, 4, Constant.i32(1), Constant.i64(2)));
    }

    @Test
    void mapCallsTakeAHandleAndPointers() {
        assertRejected("operand 3 (0) is I32, expected I64", b -> {
            Value slot = b.stackAlloc(8, true);
            b.mapUpdate(MAP_UPDATE_ELEM, b.mapAddr("m"), slot, slot, Constant.i32(0));
        });
        assertRejected("expected MAP_HANDLE", b -> b.mapDelete(MAP_DELETE_ELEM, b.stackAlloc(8, true), b.stackAlloc(8, true)));
        assertRejected("expected I32 or I64", b -> b.tailCall(TAIL_CALL, b.param(0), b.mapAddr("jumps"), b.stackAlloc(8, true)));
    }

    @Test
    void copiesKeepTheTypeOrDropMaybeNull() {
        assertRejected("expected STACK or its maybe-null kind", b -> b.copy(b.mapAddr("m"), Type.STACK));
    }

    @Test
    void comparisonsMatchTheirOperands() {
        assertRejected("compares I32 with I64", b -> {
            Block next = b.newBlock("next");
            b.condBr(Cmp.EQ, Constant.i32(0), Constant.i64(0), next, next);
            b.setBlock(next);
        });
        assertRejected("null tests use EQ or NE", b -> {
            Block next = b.newBlock("next");
            Value v = b.mapLookup(MAP_LOOKUP_ELEM, b.mapAddr("m"), b.stackAlloc(8, true));
            b.condBr(Cmp.ULT, v, Constant.nullOf(Type.MAP_VALUE_OR_NULL), next, next);
            b.setBlock(next);
        });
    }

    @Test
    void returnsMatchTheFunction() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.VOID);
        b.ret(Constant.i32(0));
        assertEquals("f in block entry: return 0: RETURN takes 1 (none in a VOID function) operands, has 1",
                assertThrows(IrException.class, b::build).getMessage());
        FunctionBuilder g = FunctionBuilder.subprogram("g", Type.I32);
        g.ret(Constant.i64(1));
        assertEquals("g in block entry: return 1L: operand 0 (1L) is I64, expected I32", assertThrows(IrException.class, g::build).getMessage());
    }
}
