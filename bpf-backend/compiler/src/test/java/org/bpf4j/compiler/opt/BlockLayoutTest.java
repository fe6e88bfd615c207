package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** Reverse post-order, else sides next, except that a loop's blocks stay before the code after it. */
class BlockLayoutTest {
    /**
     * {@code if (x == 0) return 1; h = x; for (i = 0; i < 8; i++) h = h * 3 + i; return h;},
     * the early return and the loop's end sharing one exit block.
     */
    @Test
    void aLoopsBodyFollowsItsHeadAndTheCodeAfterTheLoopRunsOnIntoTheExit() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Block entry = b.currentBlock();
        Block head = b.newBlock("head"), body = b.newBlock("body"), after = b.newBlock("after"), exit = b.newBlock("exit");
        b.condBr(Cmp.EQ, b.param(0), Constant.i32(0), exit, head);
        b.setBlock(head);
        Phi i = b.phi(Type.I32), h = b.phi(Type.I32);
        b.condBr(Cmp.ULT, i, Constant.i32(8), body, after);
        b.setBlock(body);
        Value h2 = b.add(b.mul(h, Constant.i32(3)), i);
        Value i2 = b.add(i, Constant.i32(1));
        b.br(head);
        i.addIncoming(entry, Constant.i32(0)).addIncoming(body, i2);
        h.addIncoming(entry, b.param(0)).addIncoming(body, h2);
        b.setBlock(after);
        Value doubled = b.mul(h, Constant.i32(2));
        b.br(exit);
        b.setBlock(exit);
        Phi r = b.phi(Type.I32).addIncoming(entry, Constant.i32(1)).addIncoming(after, doubled);
        b.ret(r);
        Function f = b.build();
        new BlockLayout().run(f);
        assertEquals(List.of(entry, head, body, after, exit), f.blocks(), f.toString());
    }

    @Test
    void outsideLoopsTheElseSideFollowsTheBranch() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Block entry = b.currentBlock();
        Block early = b.newBlock("early"), rest = b.newBlock("rest");
        b.condBr(Cmp.EQ, b.param(0), Constant.i32(0), early, rest);
        b.setBlock(early);
        b.ret(Constant.i32(1));
        b.setBlock(rest);
        b.ret(b.mul(b.param(0), Constant.i32(3)));
        Function f = b.build();
        new BlockLayout().run(f);
        assertEquals(List.of(entry, rest, early), f.blocks(), f.toString());
    }
}
