package org.bpf4j.compiler.regalloc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpf4j.compiler.Pipeline;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.compiler.mir.MBlock;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.mir.MInsn;
import org.junit.jupiter.api.Test;

/** Phi copies on split edges, and where they move back above the branch. */
class OutOfSsaTest {
    private static long unconditionalJumps(MFunction f) {
        return f.blocks().stream().flatMap(b -> b.insns().stream()).filter(i -> i.insn().isUnconditionalJump()).count();
    }

    /** Whether some block is {@code rX = imm; goto}: an edge block that kept its copy. */
    private static boolean edgeBlockSetting(MFunction f, int imm) {
        for (MBlock b : f.blocks()) {
            if (b.insns().size() != 2) continue;
            MInsn set = b.insns().get(0);
            if (set.insn().isAlu() && set.insn().imm() == imm && b.insns().get(1).insn().isUnconditionalJump()) return true;
        }
        return false;
    }

    @Test
    void constantsOfAChainOfEarlyExitsAreSetAboveTheirBranches() {
        // slot = x < 2 ? 0 : x < 4 ? 1 : x < 8 ? 2 : x < 16 ? 3 : 4, as an unrolled loop with breaks leaves it
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Block entry = b.currentBlock();
        Block join = b.newBlock("join");
        b.setBlock(join);
        Phi slot = b.phi(Type.I32);
        b.setBlock(entry);
        for (int k = 0; k < 4; k++) {
            Block next = b.newBlock("next" + k);
            Block here = b.currentBlock();
            b.condBr(Cmp.ULT, b.param(0), Constant.i32(2 << k), join, next);
            slot.addIncoming(here, Constant.i32(k));
            b.setBlock(next);
        }
        slot.addIncoming(b.currentBlock(), Constant.i32(4));
        b.br(join);
        b.setBlock(join);
        b.ret(b.mul(slot, Constant.i32(3)));
        MFunction f = Pipeline.machineCode(b.build());
        RegisterAllocatorTest.assertVerifierSafe(f, 1);
        assertTrue(unconditionalJumps(f) <= 1, "no edge block left to jump from, only the last way's jump to the join:\n" + f);
        for (int k = 0; k < 4; k++) assertTrue(!edgeBlockSetting(f, k), "slot " + k + " set in an edge block:\n" + f);
    }

    @Test
    void aCopyHoistedFromAJumpTargetKeepsTheFallThroughWay() {
        // v = x != 0 ? x * 3 : -1: the way setting -1 is entered by the jump, the other falls through
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Block nonzero = b.newBlock("nonzero");
        Block zero = b.newBlock("zero");
        Block join = b.newBlock("join");
        b.condBr(Cmp.NE, b.param(0), Constant.i32(0), nonzero, zero);
        b.setBlock(nonzero);
        Value tripled = b.mul(b.param(0), Constant.i32(3));
        b.br(join);
        b.setBlock(zero);
        b.br(join);
        b.setBlock(join);
        Phi v = b.phi(Type.I32).addIncoming(nonzero, tripled).addIncoming(zero, Constant.i32(-1));
        b.ret(b.add(v, b.param(0)));
        MFunction f = Pipeline.machineCode(b.build());
        RegisterAllocatorTest.assertVerifierSafe(f, 1);
        long tests = f.blocks().stream().flatMap(x -> x.insns().stream()).filter(i -> i.insn().isConditionalJump()).count();
        assertTrue(tests == 1, "the test of x stays, with both its ways:\n" + f);
    }

    @Test
    void aCopyStaysOnItsEdgeWhereTheOtherWayStillReadsTheRegister() {
        // n = phi(0, 7, n + 1): the edge setting 7 leaves a loop whose other way reads n
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Block head = b.newBlock("head");
        Block seven = b.newBlock("seven");
        Block step = b.newBlock("step");
        Block done = b.newBlock("done");
        Block entry = b.currentBlock();
        b.br(head);
        b.setBlock(head);
        Phi n = b.phi(Type.I32);
        b.condBr(Cmp.UGT, n, Constant.i32(100), done, seven);
        b.setBlock(seven);
        b.condBr(Cmp.EQ, b.param(0), n, head, step);
        b.setBlock(step);
        Value next = b.add(b.mul(n, Constant.i32(3)), Constant.i32(1));
        b.br(head);
        n.addIncoming(entry, Constant.i32(0)).addIncoming(seven, Constant.i32(7)).addIncoming(step, next);
        b.setBlock(done);
        b.ret(n);
        MFunction f = Pipeline.machineCode(b.build());
        RegisterAllocatorTest.assertVerifierSafe(f, 1);
        assertTrue(edgeBlockSetting(f, 7), "n = 7 must stay on its edge: the step reads n\n" + f);
    }
}
