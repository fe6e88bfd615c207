package org.bpf4j.processor.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.bpf4j.compiler.Pipeline;
import org.bpf4j.compiler.ir.AtomicKind;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.compiler.regalloc.FrameOverflowException;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.ProgramSpec;
import org.bpf4j.object.isa.BpfStack;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.Reg;
import org.junit.jupiter.api.Test;

/**
 * The emitter's check of whole call chains, which {@link ClassCompiler} reports as a javac error:
 * frames that each fit in 512 bytes but not together are refused, naming the chain and the bytes
 * it needs; a chain that fits is emitted with exactly the frames it asked for, measured in the
 * object as the deepest byte below r10 each function touches, so the verifier's count of the
 * chain (frames rounded up to 32 bytes) stays within the kernel's 512.
 */
class CallChainStackTest {

    /** {@code prog} with a {@code programBytes} local calls {@code fill} with a {@code calleeBytes} local; both touch both ends. */
    private static Module chain(int programBytes, int calleeBytes) {
        Module m = new Module("GPL");
        FunctionBuilder f = FunctionBuilder.subprogram("fill", Type.I32, Type.I32);
        Value buf = f.stackAlloc(calleeBytes, false);
        f.store(buf, calleeBytes - 8, 8, Constant.i64(1));
        f.store(buf, 0, 4, f.param(0));
        f.atomic(AtomicKind.ADD, buf, calleeBytes - 8, 8, Constant.i64(1), false);    // memory the optimizer cannot follow
        f.ret(f.add(f.load(Type.I32, buf, 0, 4, false), f.load(Type.I32, buf, calleeBytes - 8, 4, false)));
        m.addFunction(f.build());
        FunctionBuilder p = FunctionBuilder.program("prog", "xdp", Type.I32);
        Value mine = p.stackAlloc(programBytes, false);
        p.store(mine, programBytes - 8, 8, Constant.i64(2));
        p.store(mine, 0, 4, Constant.i32(3));
        p.atomic(AtomicKind.ADD, mine, 0, 8, Constant.i64(1), false);
        Value r = p.call("fill", Type.I32, p.load(Type.I32, mine, 0, 4, false));
        p.ret(p.add(r, p.load(Type.I32, mine, programBytes - 8, 4, false)));
        m.addFunction(p.build());
        return m;
    }

    /**
     * How far below r10 the function's code reaches; r10 must serve only as the base of loads and
     * stores, so that this is all the stack it uses.
     */
    private static int stackDepth(ProgramSpec function) {
        int deepest = 0;
        for (Insn insn : function.insns()) {
            boolean load = insn.isLoad() && insn.src() == Reg.R10;
            boolean store = (insn.isStore() || insn.isAtomic()) && insn.dst() == Reg.R10;
            if (load || store) {
                deepest = Math.max(deepest, -insn.offset());
            } else if (insn.src() == Reg.R10 || insn.dst() == Reg.R10) {
                fail(function.name() + ": r10 used other than as a memory base in " + insn);
            }
        }
        return deepest;
    }

    /** A frame as the verifier counts it in a call chain. */
    private static int rounded(int bytes) {
        return (bytes + 31) / 32 * 32;
    }

    private static void assertChainFits(int programBytes, int calleeBytes) {
        BpfObject object = Pipeline.toObject(chain(programBytes, calleeBytes), true);
        ProgramSpec prog = object.program("prog").orElseThrow();
        ProgramSpec fill = object.functions().stream().filter(s -> s.name().equals("fill")).findFirst().orElseThrow();
        assertEquals(List.of("fill"), prog.relocations().stream().map(r -> r.symbol()).toList(), "prog calls fill");
        assertEquals(programBytes, stackDepth(prog), "prog's frame");
        assertEquals(calleeBytes, stackDepth(fill), "fill's frame");
        assertTrue(rounded(stackDepth(prog)) + rounded(stackDepth(fill)) <= BpfStack.LIMIT, "the chain fits the kernel's stack");
    }

    private static String refusal(int programBytes, int calleeBytes) {
        return assertThrows(FrameOverflowException.class, () -> Pipeline.compile(chain(programBytes, calleeBytes))).getMessage();
    }

    @Test
    void framesThatFitTogetherAreEmittedAsAsked() {
        assertChainFits(256, 256);
        assertChainFits(480, 32);
        assertChainFits(32, 480);
    }

    @Test
    void aChainOverTheLimitIsRefusedWithItsFunctions() {
        assertEquals("the BPF-to-BPF call chain prog -> fill needs 544 bytes of stack (each frame rounded up to 32 bytes, "
                + "spills included); the kernel allows 512 for a whole chain: make locals smaller, or keep large data in a "
                + "per-CPU array map", refusal(256, 264));
    }

    @Test
    void theRefusalCountsEachFrameRoundedUpTo32Bytes() {
        assertTrue(refusal(480, 40).startsWith("the BPF-to-BPF call chain prog -> fill needs 544 bytes of stack"), refusal(480, 40));
        assertTrue(refusal(488, 32).startsWith("the BPF-to-BPF call chain prog -> fill needs 544 bytes of stack"), refusal(488, 32));
        assertTrue(refusal(8, 488).startsWith("the BPF-to-BPF call chain prog -> fill needs 544 bytes of stack"), refusal(8, 488));
    }
}
