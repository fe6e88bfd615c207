package org.bpf4j.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.bpf4j.compiler.Pipeline;
import org.bpf4j.compiler.ir.AtomicKind;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.CoreAccess;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.compiler.mir.MInsn;
import org.bpf4j.object.btf.CoreReloKind;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.IsaLevel;
import org.junit.jupiter.api.Test;

/** Golden instruction sequences for small IR functions (selection + allocation + peephole). */
class InstructionSelectionTest {
    /** {@code BPF_FUNC_ktime_get_ns}. */
    private static final int KTIME_GET_NS = 5;


    @Test
    void returnConstantIsTwoInstructions() {
        FunctionBuilder b = FunctionBuilder.program("xdp_pass", "xdp", Type.I32);
        b.ret(Constant.i32(2));
        assertEquals(List.of("w0 = 2", "exit"), Listing.lines(b.build()));
    }

    @Test
    void intArithmeticUsesAlu32() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        Value x = b.mul(b.param(0), b.param(1));
        b.ret(b.add(x, Constant.i32(3)));
        List<String> code = Listing.lines(b.build());
        assertEquals(4, code.size(), code.toString());
        assertTrue(code.stream().anyMatch(s -> s.matches("w\\d \\*= w\\d")), code.toString());
        assertTrue(code.stream().anyMatch(s -> s.matches("w\\d \\+= 3")), code.toString());
        assertEquals("exit", code.get(3));
    }

    @Test
    void shiftCountsAreMaskedLikeJava() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I64);
        b.ret(b.shl(b.param(0), Constant.i64(65)));   // Java: x << (65 & 63) == x << 1
        List<String> code = Listing.lines(b.build());
        assertTrue(code.contains("r0 <<= 1") || code.contains("r1 <<= 1"), code.toString());
    }

    @Test
    void signedByteLoadIntoIntKeepsUpperBitsZero() {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value slot = b.stackAlloc(8, true);
        b.ret(b.load(Type.I32, slot, 3, 1, true));
        Function f = b.build();
        assertEquals(List.of("*(u64 *)(r10 - 8) = 0", "r0 = *(u8 *)(r10 - 5)", "w0 = (s8)w0", "exit"),
                Listing.lines(f, IsaLevel.V4));
        assertEquals(List.of("*(u64 *)(r10 - 8) = 0", "r0 = *(u8 *)(r10 - 5)", "w0 <<= 24", "w0 s>>= 24", "exit"),
                Listing.lines(f, IsaLevel.V3));
        assertEquals(List.of("*(u64 *)(r10 - 8) = 0", "r0 = *(u8 *)(r10 - 5)", "r0 <<= 56", "r0 s>>= 56", "w0 = w0", "exit"),
                Listing.lines(f, IsaLevel.V2), "no ALU32 arithmetic shift before v3");
    }

    @Test
    void signedNarrowKernelMemberIsSignExtendedWithoutV4InstructionsBelowV4() {
        // a CO-RE load of a kernel short (signal_struct.oom_score_adj) into an int and into a long
        CoreAccess member = new CoreAccess("signal_struct", "0:1", CoreReloKind.FIELD_BYTE_OFFSET);
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I64);
        b.ret(b.coreLoad(Type.I32, b.param(0), member, 4, 2, true));
        Function toInt = b.build();
        assertEquals(List.of("r0 = *(u16 *)(r1 + 4)", "w0 = (s16)w0", "exit"), Listing.lines(toInt, IsaLevel.V4));
        assertEquals(List.of("r0 = *(u16 *)(r1 + 4)", "w0 <<= 16", "w0 s>>= 16", "exit"), Listing.lines(toInt, IsaLevel.V3));
        FunctionBuilder l = FunctionBuilder.subprogram("g", Type.I64, Type.I64);
        l.ret(l.coreLoad(Type.I64, l.param(0), member, 4, 2, true));
        Function toLong = l.build();
        assertEquals(List.of("r0 = *(s16 *)(r1 + 4)", "exit"), Listing.lines(toLong, IsaLevel.V4));
        assertEquals(List.of("r0 = *(u16 *)(r1 + 4)", "r0 <<= 48", "r0 s>>= 48", "exit"), Listing.lines(toLong, IsaLevel.V3));
    }

    @Test
    void aCoreOffsetAddedToAPointerIsTheAdditionsRelocatedImmediate() {
        // &task->comm for a task pointer read as a long: the loader patches "r0 += 1880" as clang's
        CoreAccess comm = new CoreAccess("task_struct", "0:1", CoreReloKind.FIELD_BYTE_OFFSET);
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I64);
        b.ret(b.add(b.param(0), b.coreValue(Type.I64, comm, 1880)));
        Function f = b.build();
        assertEquals(List.of("r0 = r1", "r0 += 1880", "exit"), Listing.lines(f));
        List<MInsn> relocated = Pipeline.machineCode(f).blocks().stream()
                .flatMap(m -> m.insns().stream()).filter(i -> i.core() != null).toList();
        assertEquals(1, relocated.size());
        assertEquals(comm, relocated.get(0).core());
        assertTrue(relocated.get(0).insn().aluOp() == AluOp.ADD, relocated.toString());
    }

    @Test
    void wideningAnIntTheVerifierTracksIsFree() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I32);
        b.ret(b.zext(b.binary(Op.AND, b.param(0), Constant.i32(0xffff)), 4, Type.I64));
        assertEquals(List.of("r0 = r1", "w0 &= 65535", "exit"), Listing.lines(b.build()));
    }

    @Test
    void wideningAnIntOfUnknownUpperHalfIsAMove32() {
        // a caller may pass anything above an int argument; after a remainder the verifier knows nothing of it either
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I32);
        b.ret(b.zext(b.param(0), 4, Type.I64));
        assertEquals(List.of("w0 = w1", "exit"), Listing.lines(b.build()));
        FunctionBuilder r = FunctionBuilder.subprogram("g", Type.I64, Type.I32);
        r.ret(r.zext(r.binary(Op.UREM, r.param(0), Constant.i32(6)), 4, Type.I64));
        assertEquals("w0 = w1", Listing.lines(r.build()).get(1));
    }

    @Test
    void signedDivisionUsesSdivAtV4AndUnsignedDivisionOfMagnitudesBelow() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        b.ret(b.binary(Op.SDIV, b.param(0), b.param(1)));
        Function f = b.build();
        assertTrue(Listing.lines(f, IsaLevel.V4).stream().anyMatch(s -> s.matches("w\\d s/= w\\d")));
        List<String> v3 = Listing.lines(f, IsaLevel.V3);
        assertTrue(v3.stream().anyMatch(s -> s.matches("w\\d /= w\\d")), v3.toString());
        assertTrue(v3.stream().noneMatch(s -> s.contains("s/=")), v3.toString());
    }

    @Test
    void packetCheckIsFusedAndLoadsFoldTheHeaderOffset() {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Block out = b.newBlock("out");
        Block ok = b.newBlock("ok");
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Value ip = b.packetHeader(data, Constant.i64(14), 20, end);
        b.condBr(Cmp.EQ, ip, Constant.nullOf(Type.PACKET_OR_NULL), out, ok);
        b.setBlock(ok);
        b.ret(b.load(Type.I32, ip, 9, 1, false));
        b.setBlock(out);
        b.ret(Constant.i32(2));
        List<String> code = Listing.lines(b.build());
        assertTrue(code.stream().anyMatch(s -> s.matches("r\\d \\+= 34")), code.toString());
        assertTrue(code.stream().anyMatch(s -> s.matches("if r\\d (>|<=) r\\d goto .*")), code.toString());
        assertTrue(code.stream().anyMatch(s -> s.matches("r0 = \\*\\(u8 \\*\\)\\(r\\d \\+ 23\\)")), code.toString());
        assertEquals(9, code.size(), code.toString());
    }

    @Test
    void valuesLiveAcrossCallsUseCalleeSavedRegisters() {
        FunctionBuilder b = FunctionBuilder.program("p", "tracepoint/sched/sched_switch", Type.I32);
        Value t0 = b.helperCall(KTIME_GET_NS, Type.I64);
        Value t1 = b.helperCall(KTIME_GET_NS, Type.I64);
        b.ret(b.trunc(b.sub(t1, t0)));
        List<String> code = Listing.lines(b.build());
        assertEquals("call 5", code.get(0));
        assertTrue(code.get(1).matches("r[6-9] = r0"), code.toString());
        assertEquals("call 5", code.get(2));
        assertFalse(code.stream().anyMatch(s -> s.contains("r10 -")), "no spills expected: " + code);
    }

    /** {@code limit} read before and after a helper call, with {@code busy} more values live across the second. */
    private static List<String> globalReadAroundACall(int busy) {
        FunctionBuilder b = FunctionBuilder.program("p", "tracepoint/sched/sched_switch", Type.I32);
        Value limit = b.globalAddr("limit", 0);
        Value sum = b.load(Type.I64, limit, 0, 8, false);
        List<Value> live = new ArrayList<>();
        for (int k = 0; k < busy; k++) live.add(b.helperCall(KTIME_GET_NS, Type.I64));
        Value t = b.helperCall(KTIME_GET_NS, Type.I64);
        sum = b.add(sum, b.add(t, b.load(Type.I64, limit, 8, 8, false)));
        for (Value v : live) sum = b.add(sum, v);
        b.ret(b.trunc(sum));
        return Listing.lines(b.build());
    }

    @Test
    void aGlobalAddressUsedTwiceStaysInAFreeRegister() {
        List<String> code = globalReadAroundACall(0);
        assertEquals(1, code.stream().filter(s -> s.startsWith("ld_pseudo")).count(), code.toString());
        assertTrue(code.get(0).matches("ld_pseudo\\tr[6-9], 2, 0"), code.toString());
    }

    @Test
    void aGlobalAddressIsLoadedAgainWhenNoRegisterIsFree() {
        // the first read and three calls' results, live across the last call, take r6-r9:
        // the address is loaded at each use, nothing is spilled
        List<String> code = globalReadAroundACall(3);
        assertEquals(2, code.stream().filter(s -> s.startsWith("ld_pseudo")).count(), code.toString());
        assertFalse(code.stream().anyMatch(s -> s.contains("r10")), code.toString());
    }

    @Test
    void atomicAddOfConstantNeedsARegister() {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value counter = b.stackAlloc(8, true);
        b.atomic(AtomicKind.ADD, counter, 0, 8, Constant.i64(1), false);
        b.ret(Constant.i32(0));
        List<String> code = Listing.lines(b.build());
        assertTrue(code.stream().anyMatch(s -> s.matches("lock \\*\\(u64 \\*\\)\\(r10 - 8\\) \\+= r\\d")), code.toString());
    }

    @Test
    void branchOnIntComparesWith32BitJump() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Block neg = b.newBlock("neg");
        Block pos = b.newBlock("pos");
        b.condBr(Cmp.SLT, b.param(0), Constant.i32(0), neg, pos);
        b.setBlock(neg);
        b.ret(Constant.i32(-1));
        b.setBlock(pos);
        b.ret(Constant.i32(1));
        List<String> code = Listing.lines(b.build());
        assertTrue(code.stream().anyMatch(s -> s.matches("if w1 s[<>]=? 0 goto .*")), code.toString());
    }

    /** {@code (int) x != y ? x : 0}, with {@code (int) x} also stored when {@code stored}. */
    private static Function truncCompared(boolean stored) {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I64, Type.I32);
        Value low = b.trunc(b.param(0));
        if (stored) b.store(b.stackAlloc(8, true), 0, 4, low);
        Block differ = b.newBlock("differ");
        Block same = b.newBlock("same");
        b.condBr(Cmp.NE, low, b.param(1), differ, same);
        b.setBlock(differ);
        b.ret(b.param(0));
        b.setBlock(same);
        b.ret(Constant.i64(0));
        return b.build();
    }

    @Test
    void aTruncationOnlyComparedOrStoredIsNoCopy() {
        // JMP32 and 4-byte stores read the low half of x's register: clang compares in place too
        // (the return of 0 shares the other's exit, r0 set before the compare)
        assertEquals(List.of("*(u64 *)(r10 - 8) = 0", "*(u32 *)(r10 - 8) = r1", "r0 = 0", "if w1 == w2 goto +1", "r0 = r1", "exit"),
                Listing.lines(truncCompared(true), IsaLevel.V3));
        // below v3 the compare widens the int in its register: that needs its own copy
        assertTrue(Listing.lines(truncCompared(false), IsaLevel.V2).stream().anyMatch(s -> s.matches("w\\d = w1")));
    }

    @Test
    void aTruncationReturnedIsZeroExtended() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I64);
        Value low = b.trunc(b.param(0));
        b.store(b.stackAlloc(8, true), 0, 4, low);
        b.ret(low);
        assertTrue(Listing.lines(b.build()).contains("w0 = w1"), Listing.lines(b.build()).toString());
    }

    @Test
    void headerMergedByAPhiHoldsARealNull() {
        // In h = x > 0 ? ctx.header(0, In.class) : null; if (h == null) return 0; return h.b;
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Block get = b.newBlock("get");
        Block none = b.newBlock("none");
        Block join = b.newBlock("join");
        Block use = b.newBlock("use");
        Block out = b.newBlock("out");
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Value x = b.ctxLoad(Type.I32, b.param(0), 12, 4);
        b.condBr(Cmp.SGT, x, Constant.i32(0), get, none);
        b.setBlock(get);
        Value h = b.packetHeader(data, Constant.i64(0), 4, end);
        b.br(join);
        b.setBlock(none);
        b.br(join);
        b.setBlock(join);
        Value p = b.phi(Type.PACKET_OR_NULL).addIncoming(get, h).addIncoming(none, Constant.nullOf(Type.PACKET_OR_NULL));
        b.condBr(Cmp.EQ, p, Constant.nullOf(Type.PACKET_OR_NULL), out, use);
        b.setBlock(use);
        b.ret(b.load(Type.I32, p, 1, 1, false));
        b.setBlock(out);
        b.ret(Constant.i32(0));
        List<String> code = Listing.lines(b.build());
        assertTrue(code.stream().anyMatch(s -> s.matches("r\\d = 0")), "the header is set to null when it does not fit: " + code);
        assertTrue(code.stream().anyMatch(s -> s.matches("if r\\d (==|!=) 0 goto .*")), "and tested against 0: " + code);
    }

    /** Every form with a level above v1: comparisons of ints and longs, signed division, sign extension, int {@code >>}. */
    private static Function everyLevelledForm() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I32, Type.I64);
        Value x = b.param(0), y = b.param(1);
        Value q = b.binary(Op.SDIV, x, b.binary(Op.SREM, x, Constant.i32(-7)));
        Value s = b.binary(Op.ASHR, q, x);
        Value wide = b.binary(Op.SDIV, y, b.sext(s, 4, Type.I64));
        Block less = b.newBlock("less"), notLess = b.newBlock("notLess"), ult = b.newBlock("ult");
        b.condBr(Cmp.SLT, s, Constant.i32(5), notLess, less);   // true target not next: the jump keeps its condition
        b.setBlock(less);
        b.ret(wide);
        b.setBlock(notLess);
        b.condBr(Cmp.ULE, wide, y, less, ult);
        b.setBlock(ult);
        b.ret(b.sext(b.trunc(wide), 2, Type.I64));
        return b.build();
    }

    @Test
    void eachLevelSelectsOnlyItsOwnInstructions() {
        for (IsaLevel level : IsaLevel.values()) {
            List<org.bpf4j.object.isa.Insn> code = Listing.code(everyLevelledForm(), level);
            assertEquals(level, IsaLevel.required(code).level(), level + ": " + Listing.lines(everyLevelledForm(), level));
        }
    }
}
