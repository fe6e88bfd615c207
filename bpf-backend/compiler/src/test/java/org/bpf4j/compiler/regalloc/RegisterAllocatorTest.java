package org.bpf4j.compiler.regalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.bpf4j.compiler.Pipeline;
import org.bpf4j.compiler.emit.InstructionSelector;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.compiler.mir.MBlock;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.mir.MInsn;
import org.bpf4j.object.isa.BpfStack;
import org.bpf4j.object.isa.Reg;
import org.junit.jupiter.api.Test;

class RegisterAllocatorTest {
    /** {@code BPF_FUNC_ktime_get_ns}. */
    private static final int KTIME_GET_NS = 5;
    /** {@code BPF_FUNC_skb_load_bytes}. */
    private static final int SKB_LOAD_BYTES = 26;


    /**
     * What the verifier insists on, checked on allocated code: only physical registers; nothing
     * read before it is written (r1..r{params} and r10 are set at entry); nothing read from r1–r5
     * after a call without being written again.
     */
    static void assertVerifierSafe(MFunction f, int params) {
        Liveness live = new Liveness(f);
        BitSet atEntry = live.liveIn(f.blocks().get(0));
        for (int r = 1; r <= params; r++) atEntry.clear(r);
        atEntry.clear(Reg.R10);
        assertTrue(atEntry.isEmpty(), "registers read before written: " + atEntry + "\n" + f);
        for (MBlock b : f.blocks()) {
            BitSet l = live.liveOut(b);
            List<MInsn> insns = b.insns();
            for (int k = insns.size() - 1; k >= 0; k--) {
                MInsn i = insns.get(k);
                assertTrue(i.dst() == MRegs.NONE || MRegs.isPhysical(i.dst()), "virtual register left: " + i);
                assertTrue(i.src() == MRegs.NONE || MRegs.isPhysical(i.src()), "virtual register left: " + i);
                if (i.insn().isCall()) {
                    for (int r = Reg.R1; r <= Reg.R5; r++) assertTrue(!l.get(r), "r" + r + " read after " + i + "\n" + f);
                }
                for (int d : i.defs()) l.clear(d);
                for (int u : i.uses()) l.set(u);
            }
        }
    }

    /** {@code n} values derived from the context, all live across a helper call, then summed. */
    private static Function pressure(int n) {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        List<Value> values = new ArrayList<>();
        for (int k = 0; k < n; k++) values.add(b.ctxLoad(Type.I32, b.param(0), 4 * (k % 6), 4));
        Value t = b.trunc(b.helperCall(KTIME_GET_NS, Type.I64));
        Value sum = t;
        for (int k = 0; k < n; k++) sum = b.add(b.mul(sum, Constant.i32(31)), values.get(k));
        b.ret(sum);
        return b.build();
    }

    @Test
    void fourValuesAcrossACallFitCalleeSavedRegisters() {
        MFunction f = Pipeline.machineCode(pressure(4));
        assertVerifierSafe(f, 1);
        assertEquals(0, f.frame().size(), "no spill needed:\n" + f);
    }

    @Test
    void moreLiveValuesThanRegistersSpill() {
        MFunction f = Pipeline.machineCode(pressure(12));
        assertVerifierSafe(f, 1);
        assertTrue(f.frame().size() >= 8 * (12 - 4), "expected spills of the values beyond r6-r9:\n" + f);
        assertTrue(f.frame().size() <= BpfStack.LIMIT);
    }

    @Test
    void spilledValuesNeverLiveAtOnceShareSlots() {
        // two phases, each n values live across its own call: the second's spills reuse the first's slots
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value sum = Constant.i32(0);
        for (int phase = 0; phase < 2; phase++) {
            List<Value> values = new ArrayList<>();
            for (int k = 0; k < 12; k++) values.add(b.add(b.ctxLoad(Type.I32, b.param(0), 4 * (k % 6), 4), Constant.i32(phase * 100 + k)));
            sum = b.add(sum, b.trunc(b.helperCall(KTIME_GET_NS, Type.I64)));
            for (Value v : values) sum = b.add(b.mul(sum, Constant.i32(31)), v);
        }
        b.ret(sum);
        MFunction f = Pipeline.machineCode(b.build());
        assertVerifierSafe(f, 1);
        assertTrue(f.frame().size() >= 8 * (12 - 5), "one phase's values beyond r6-r9 (and the sum) spill:\n" + f);
        assertTrue(f.frame().size() < 2 * 8 * (12 - 5), "the phases share their slots:\n" + f);
    }

    @Test
    void valuesUsedInALoopStayInRegistersWhenOthersCanSpill() {
        // ten values read before a loop and each used three times after it; in the loop a counter and a sum
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        List<Value> values = new ArrayList<>();
        for (int k = 0; k < 10; k++) values.add(b.add(b.ctxLoad(Type.I32, b.param(0), 4 * (k % 6), 4), Constant.i32(k)));
        Block entry = b.currentBlock();
        Block head = b.newBlock("head");
        Block body = b.newBlock("body");
        Block exit = b.newBlock("exit");
        b.br(head);
        b.setBlock(head);
        Phi i = b.phi(Type.I32);
        Phi s = b.phi(Type.I32);
        b.condBr(Cmp.SLT, i, Constant.i32(100), body, exit);
        b.setBlock(body);
        i.addIncoming(entry, Constant.i32(0)).addIncoming(body, b.add(i, Constant.i32(1)));
        s.addIncoming(entry, Constant.i32(0)).addIncoming(body, b.xor(s, b.mul(i, Constant.i32(3))));
        b.br(head);
        b.setBlock(exit);
        Value sum = s;
        for (Value v : values) sum = b.xor(b.add(b.mul(sum, v), v), v);
        b.ret(sum);
        MFunction f = Pipeline.machineCode(b.build());
        assertVerifierSafe(f, 1);
        assertTrue(f.frame().size() > 0, "more values than registers:\n" + f);
        for (MBlock m : f.blocks()) {
            if (!m.name().startsWith("head") && !m.name().startsWith("body")) continue;
            for (MInsn x : m.insns()) {
                assertTrue(!(x.insn().isLoad() || x.insn().isStore()) || x.dst() != Reg.R10 && x.src() != Reg.R10,
                        "spill code in the loop: " + x + "\n" + f);
            }
        }
    }

    @Test
    void theContextIsNotCopiedBackIntoTheRegisterItCameIn() {
        // the context, live across two skb_load_bytes calls, moves to r6 at entry; the first call
        // finds it still in r1, the second gets it back from r6
        FunctionBuilder b = FunctionBuilder.program("p", "socket", Type.I32);
        Value slot = b.stackAlloc(8, true);
        Value first = b.helperCall(SKB_LOAD_BYTES, Type.I64, b.param(0), Constant.i64(0), slot, Constant.i64(4));
        Value second = b.helperCall(SKB_LOAD_BYTES, Type.I64, b.param(0), Constant.i64(4), slot, Constant.i64(4));
        b.ret(b.trunc(b.add(first, second)));
        MFunction f = InstructionSelector.select(b.build(), Pipeline.DEFAULT_LEVEL);
        RegisterAllocator.allocate(f);
        assertVerifierSafe(f, 1);
        assertEquals(1, f.blocks().stream().flatMap(m -> m.insns().stream()).filter(i -> i.isCopy() && i.dst() == Reg.R1).count(), f.toString());
    }

    private static List<MInsn> copies(MFunction f) {
        return f.blocks().stream().flatMap(m -> m.insns().stream()).filter(MInsn::isCopy).toList();
    }

    @Test
    void aSumTakesTheRegisterOfTheOperandThatDies() {
        // s = a + c with a used again and c not: s = c; s += a, where s = a; s += c copies a
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value a = b.ctxLoad(Type.I32, b.param(0), 0, 4);
        Value c = b.ctxLoad(Type.I32, b.param(0), 4, 4);
        b.ret(b.mul(b.add(a, c), a));
        MFunction f = InstructionSelector.select(b.build(), Pipeline.DEFAULT_LEVEL);
        RegisterAllocator.allocate(f);
        assertVerifierSafe(f, 1);
        assertEquals(List.of(), copies(f), f.toString());
    }

    @Test
    void theContextStaysInTheRegisterItCameIn() {
        // data, loaded while the context is still needed, lives on beside many fields: colouring it
        // first must not give it r1, where the context arrives, and move the context out
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Block pass = b.newBlock("pass"), ok = b.newBlock("ok"), tail = b.newBlock("tail");
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Value ip = b.packetHeader(data, Constant.i64(0), 34, end);
        b.condBr(Cmp.EQ, ip, Constant.nullOf(Type.PACKET_OR_NULL), pass, ok);
        b.setBlock(ok);
        List<Value> fields = new ArrayList<>();
        for (int k = 0; k < 8; k++) fields.add(b.load(Type.I32, ip, 12 + 2 * k, 2, false));
        Value more = b.packetHeader(data, Constant.i64(34), 8, end);
        b.condBr(Cmp.EQ, more, Constant.nullOf(Type.PACKET_OR_NULL), pass, tail);
        b.setBlock(tail);
        Value sum = b.load(Type.I32, more, 0, 4, false);
        for (Value v : fields) sum = b.add(b.mul(sum, Constant.i32(31)), v);
        b.ret(sum);
        b.setBlock(pass);
        b.ret(Constant.i32(2));
        MFunction f = InstructionSelector.select(b.build(), Pipeline.DEFAULT_LEVEL);
        RegisterAllocator.allocate(f);
        assertVerifierSafe(f, 1);
        assertTrue(copies(f).stream().noneMatch(c -> c.src() == Reg.R1), f.toString());
    }

    /** No spill slot is reloaded right after it is stored, nor stored twice with no load between. */
    private static void assertNoRedundantSpillCode(MFunction f) {
        for (MBlock m : f.blocks()) {
            MInsn stored = null;
            for (MInsn x : m.insns()) {
                boolean slotAccess = (x.insn().isLoad() && x.src() == Reg.R10) || (x.insn().isStore() && x.dst() == Reg.R10);
                if (slotAccess && stored != null) {
                    assertTrue(x.insn().offset() != stored.insn().offset(), "slot accessed again right after " + stored + ": " + x + "\n" + f);
                }
                stored = x.insn().isStore() && x.dst() == Reg.R10 ? x : null;
            }
        }
    }

    @Test
    void aSpilledValueUsedRightAfterItsDefinitionIsNotReloaded() {
        // twelve values live across a call, each first used (and redefined) by the instruction after its load
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        List<Value> values = new ArrayList<>();
        for (int k = 0; k < 12; k++) values.add(b.mul(b.add(b.ctxLoad(Type.I32, b.param(0), 4 * (k % 6), 4), Constant.i32(k)), Constant.i32(3)));
        Value sum = b.trunc(b.helperCall(KTIME_GET_NS, Type.I64));
        for (Value v : values) sum = b.add(b.mul(sum, Constant.i32(31)), v);
        b.ret(sum);
        // allocated as selected, before the peephole pass could hide what the allocator adds
        MFunction f = InstructionSelector.select(b.build(), Pipeline.DEFAULT_LEVEL);
        RegisterAllocator.allocate(f);
        assertVerifierSafe(f, 1);
        assertTrue(f.frame().size() > 0, "more values than registers:\n" + f);
        assertNoRedundantSpillCode(f);
    }

    @Test
    void tooMuchStackIsAClearError() {
        FunctionBuilder b = FunctionBuilder.program("big", "xdp", Type.I32);
        Value a = b.stackAlloc(300, true);
        Value c = b.stackAlloc(300, true);
        b.store(a, 0, 8, Constant.i64(1));
        b.store(c, 0, 8, Constant.i64(1));
        b.ret(Constant.i32(0));
        FrameOverflowException e = assertThrows(FrameOverflowException.class, () -> Pipeline.machineCode(b.build()));
        assertTrue(e.getMessage().contains("big") && e.getMessage().contains("512"), e.getMessage());
    }

    @Test
    void parallelCopySwapUsesATemporary() {
        int[] next = {100};
        List<int[]> moves = ParallelCopy.sequentialize(List.of(new int[] {20, 21}, new int[] {21, 20}, new int[] {22, 20}), () -> next[0]++);
        // simulate: registers hold their own number
        int[] regs = new int[128];
        for (int r = 0; r < regs.length; r++) regs[r] = r;
        for (int[] m : moves) regs[m[0]] = regs[m[1]];
        assertEquals(21, regs[20]);
        assertEquals(20, regs[21]);
        assertEquals(20, regs[22]);
        assertEquals(4, moves.size(), "one temporary breaks the cycle");
    }
}
