package org.bpf4j.it.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bpf4j.compiler.Pipeline;
import org.bpf4j.compiler.ir.AtomicKind;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.DataType;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.GlobalVar;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.junit.jupiter.api.Test;

/**
 * Register pressure across helper calls (spills the verifier must accept), BPF-to-BPF calls,
 * global data in {@code .bss}/{@code .data}/{@code .rodata} and a loop, checked against the same
 * computation in Java on packets of random bytes.
 */
@KernelTest
class CallsAndGlobalsTest {
    /** {@code BPF_FUNC_ktime_get_ns}. */
    private static final int KTIME_GET_NS = 5;
    private static final int BYTES = 16;

    /**
     * {@code mix(a, b) = a * 31 + (b ^ SALT)} as a subprogram; the program reads 16 packet bytes,
     * calls a helper while all of them are live, folds them with mix, adds {@code bias} (.data)
     * times the loop count of a bounded loop, counts runs in {@code .bss}.
     */
    private static Module module() {
        Module m = new Module("GPL");
        m.addGlobal(new GlobalVar("seen", ".bss", DataType.U8, null));     // puts runs at offset 8 of .bss
        m.addGlobal(new GlobalVar("runs", ".bss", DataType.U64, null));
        m.addGlobal(new GlobalVar("bias", ".data", DataType.S32, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(1000).array()));
        m.addGlobal(new GlobalVar("salt", ".rodata", DataType.S32, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x5a).array()));

        FunctionBuilder mix = FunctionBuilder.subprogram("mix", Type.I32, Type.I32, Type.I32);
        Value salt = mix.load(Type.I32, mix.globalAddr("salt", 0), 0, 4, true);
        mix.ret(mix.add(mix.mul(mix.param(0), Constant.i32(31)), mix.xor(mix.param(1), salt)));
        m.addFunction(mix.build());

        FunctionBuilder b = FunctionBuilder.program("pressure", "xdp", Type.I32);
        Block none = b.newBlock("none");
        Block body = b.newBlock("body");
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Value h = b.packetHeader(data, Constant.i64(0), BYTES, end);
        b.condBr(Cmp.EQ, h, Constant.nullOf(Type.PACKET_OR_NULL), none, body);
        b.setBlock(none);
        b.ret(Constant.i32(-1));
        b.setBlock(body);
        List<Value> v = new ArrayList<>();
        for (int k = 0; k < BYTES; k++) v.add(b.load(Type.I32, h, k, 1, true));
        b.helperCall(KTIME_GET_NS, Type.I64);                        // clobbers r0-r5
        b.atomic(AtomicKind.ADD, b.globalAddr("runs", 0), 0, 8, Constant.i64(1), false);
        Value acc = Constant.i32(7);
        for (int k = 0; k < BYTES; k++) acc = b.call("mix", Type.I32, acc, v.get(k));
        Block pre = b.currentBlock();
        Block loop = b.newBlock("loop");
        Block done = b.newBlock("done");
        b.br(loop);
        b.setBlock(loop);
        Phi i = b.phi(Type.I32);
        Phi sum = b.phi(Type.I32);
        Value bias = b.load(Type.I32, b.globalAddr("bias", 0), 0, 4, true);
        Value sum2 = b.add(sum, bias);
        Value i2 = b.add(i, Constant.i32(1));
        b.condBr(Cmp.SLT, i2, Constant.i32(3), loop, done);
        i.addIncoming(pre, Constant.i32(0)).addIncoming(loop, i2);
        sum.addIncoming(pre, acc).addIncoming(loop, sum2);
        b.setBlock(done);
        b.ret(sum2);
        m.addFunction(b.build());
        return m;
    }

    private static int expected(byte[] packet) {
        int acc = 7;
        for (int k = 0; k < BYTES; k++) acc = acc * 31 + (packet[k] ^ 0x5a);
        return acc + 3 * 1000;
    }

    @Test
    void spilledValuesSubprogramsAndGlobalsComputeWhatJavaComputes() {
        Module m = module();
        byte[] elf = Pipeline.compile(m);
        assertTrue(m.functions().stream().anyMatch(f -> f.instructions().stream().anyMatch(i -> i.op() == Op.CALL)), "calls must survive optimization");
        try (LoadedObject o = BpfObjectFile.open(elf, "pressure").load()) {
            Random r = new Random(7);
            for (int run = 0; run < 20; run++) {
                byte[] packet = new byte[64];
                r.nextBytes(packet);
                assertEquals(expected(packet), o.program("pressure").testRun(packet).retval(), "packet " + run);
            }
            assertEquals(-1, o.program("pressure").testRun(new byte[BYTES - 1]).retval());
            long runs = o.globals(".bss").getLong("runs");
            assertEquals(20, runs);
        }
    }
}
