package org.bpf4j.processor.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bpf4j.compiler.Pipeline;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.compiler.regalloc.FrameOverflowException;
import org.junit.jupiter.api.Test;

/**
 * The emitter's check of whole call chains, which {@link ClassCompiler} reports as a javac error:
 * frames that each fit in 512 bytes but not together are refused, naming the chain.
 */
class CallChainStackTest {

    private static Module chain(int programBytes, int calleeBytes) {
        Module m = new Module("GPL");
        FunctionBuilder f = FunctionBuilder.subprogram("fill", Type.I32, Type.I32);
        Value buf = f.stackAlloc(calleeBytes, false);
        f.store(buf, calleeBytes - 8, 8, Constant.i64(1));
        f.store(buf, 0, 4, f.param(0));
        f.ret(f.load(Type.I32, buf, 0, 4, false));
        m.addFunction(f.build());
        FunctionBuilder p = FunctionBuilder.program("prog", "xdp", Type.I32);
        Value mine = p.stackAlloc(programBytes, false);
        p.store(mine, programBytes - 8, 8, Constant.i64(2));
        p.store(mine, 0, 4, Constant.i32(3));
        Value r = p.call("fill", Type.I32, p.load(Type.I32, mine, 0, 4, false));
        p.ret(p.add(r, p.load(Type.I32, mine, programBytes - 8, 4, false)));
        m.addFunction(p.build());
        return m;
    }

    @Test
    void framesThatFitTogetherAreEmitted() {
        Pipeline.compile(chain(256, 256));
    }

    @Test
    void aChainOverTheLimitIsRefusedWithItsFunctions() {
        FrameOverflowException e = assertThrows(FrameOverflowException.class, () -> Pipeline.compile(chain(256, 264)));
        assertEquals("the BPF-to-BPF call chain prog -> fill needs 544 bytes of stack (each frame rounded up to 32 bytes, "
                + "spills included); the kernel allows 512 for a whole chain: make locals smaller, or keep large data in a "
                + "per-CPU array map", e.getMessage());
    }
}
