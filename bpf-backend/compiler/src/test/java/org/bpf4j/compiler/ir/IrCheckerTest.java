package org.bpf4j.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IrCheckerTest {
    /** {@code BPF_FUNC_map_lookup_elem}. */
    private static final int MAP_LOOKUP_ELEM = 1;

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
}
