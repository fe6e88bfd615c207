package org.bpf4j.it.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bpf4j.compiler.Pipeline;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.JavaArithmetic;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.runtime.probe.IsaProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Differential test of the whole back end against Java: random int/long expressions over values
 * read from the packet (with casts, byte swaps and conditional selects) are built in IR, emitted
 * with all optimizations, run by the kernel, and compared with the same expression evaluated by
 * Java operators (division by zero as BPF defines it: quotient 0, remainder the dividend), at
 * every ISA level: below v4 signed division, sign extension and sign-extending loads are
 * sequences, below v3 int comparisons and {@code >>} go through 64 bits.
 */
@KernelTest
class RandomArithmeticTest {
    private static final Op[] OPS = {Op.ADD, Op.SUB, Op.MUL, Op.SDIV, Op.UDIV, Op.SREM, Op.UREM, Op.AND, Op.OR, Op.XOR,
            Op.SHL, Op.ASHR, Op.LSHR};
    private static final int INPUTS = 8;

    /** An IR value together with a Java evaluator of the same expression. */
    private record Expr(Value ir, java.util.function.ToLongFunction<long[]> eval, Type type) {}

    private final Random random = new Random(20261121);

    private Expr leaf(FunctionBuilder b, List<Expr> inputs, Type type) {
        if (random.nextInt(4) == 0) {
            long c = random.nextBoolean() ? random.nextInt(64) - 8 : random.nextLong();
            Value k = Constant.of(type, c);
            long v = ((Constant) k).value();
            return new Expr(k, in -> v, type);
        }
        Expr e = inputs.get(random.nextInt(inputs.size()));
        return convert(b, e, type);
    }

    private Expr convert(FunctionBuilder b, Expr e, Type to) {
        if (e.type() == to) return e;
        if (to == Type.I32) return new Expr(b.trunc(e.ir()), in -> (int) e.eval().applyAsLong(in), to);
        return random.nextBoolean()
                ? new Expr(b.sext(e.ir(), 4, Type.I64), in -> (long) (int) e.eval().applyAsLong(in), to)
                : new Expr(b.zext(e.ir(), 4, Type.I64), in -> e.eval().applyAsLong(in) & 0xFFFF_FFFFL, to);
    }

    private Expr expr(FunctionBuilder b, List<Expr> inputs, Type type, int depth) {
        if (depth == 0) return leaf(b, inputs, type);
        int pick = random.nextInt(10);
        if (pick == 0) {
            Expr a = expr(b, inputs, type, depth - 1);
            int bytes = type == Type.I32 ? (random.nextBoolean() ? 2 : 4) : 8;
            Value swapped = b.bswap(a.ir(), bytes);
            Expr s = new Expr(swapped, in -> Long.reverseBytes(a.eval().applyAsLong(in)) >>> (64 - 8 * bytes), swapped.type());
            return bytes == 2 ? new Expr(b.sext(swapped, 2, Type.I32), in -> (short) s.eval().applyAsLong(in), Type.I32) : s;
        }
        if (pick == 1) return select(b, inputs, type, depth);
        if (pick == 2) {
            Expr other = expr(b, inputs, type == Type.I32 ? Type.I64 : Type.I32, depth - 1);
            return convert(b, other, type);
        }
        Op op = OPS[random.nextInt(OPS.length)];
        Expr x = expr(b, inputs, type, depth - 1), y = expr(b, inputs, type, depth - 1);
        boolean is32 = type == Type.I32;
        Value v = b.binary(op, x.ir(), y.ir());
        return new Expr(v, in -> {
            long r = JavaArithmetic.evaluate(op, x.eval().applyAsLong(in), y.eval().applyAsLong(in), is32);
            return is32 ? (int) r : r;
        }, type);
    }

    /** {@code a cmp b ? c : d} through a branch and a phi. */
    private Expr select(FunctionBuilder b, List<Expr> inputs, Type type, int depth) {
        Expr a = expr(b, inputs, type, depth - 1), c2 = expr(b, inputs, type, depth - 1);
        Cmp cmp = Cmp.values()[random.nextInt(Cmp.values().length)];
        Block yes = b.newBlock("yes"), no = b.newBlock("no"), join = b.newBlock("join");
        b.condBr(cmp, a.ir(), c2.ir(), yes, no);
        b.setBlock(yes);
        Expr t = expr(b, inputs, type, depth - 1);
        Block yesEnd = b.currentBlock();
        b.br(join);
        b.setBlock(no);
        Expr f = expr(b, inputs, type, depth - 1);
        Block noEnd = b.currentBlock();
        b.br(join);
        b.setBlock(join);
        Phi p = b.phi(type).addIncoming(yesEnd, t.ir()).addIncoming(noEnd, f.ir());
        boolean is32 = type == Type.I32;
        return new Expr(p, in -> cmp.test(a.eval().applyAsLong(in), c2.eval().applyAsLong(in), is32)
                ? t.eval().applyAsLong(in) : f.eval().applyAsLong(in), type);
    }

    @ParameterizedTest
    @EnumSource(IsaLevel.class)
    void randomExpressionsComputeWhatJavaComputes(IsaLevel level) {
        Prerequisites.requireKernelSupport("ISA " + level + " (the kernel runs " + IsaProbe.supported().orElseThrow() + " at most)",
                IsaProbe.supported().orElseThrow().includes(level));
        for (int program = 0; program < 40; program++) {
            FunctionBuilder b = FunctionBuilder.program("arith", "xdp", Type.I32);
            Block none = b.newBlock("none");
            Block body = b.newBlock("body");
            Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
            Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
            Value h = b.packetHeader(data, Constant.i64(0), INPUTS * 8, end);
            b.condBr(Cmp.EQ, h, Constant.nullOf(Type.PACKET_OR_NULL), none, body);
            b.setBlock(none);
            b.ret(Constant.i32(0));
            b.setBlock(body);
            List<Expr> inputs = new ArrayList<>();
            for (int k = 0; k < INPUTS; k++) {
                int index = k;
                boolean wide = k % 2 == 0;
                Value v = b.load(wide ? Type.I64 : Type.I32, h, 8 * k, wide ? 8 : 4, false);
                inputs.add(new Expr(v, in -> wide ? in[index] : (int) in[index], wide ? Type.I64 : Type.I32));
            }
            // sign-extending narrow loads (ldsx/movsx at v4): a byte into a long, a short into an int
            inputs.add(new Expr(b.load(Type.I64, h, 8, 1, true), in -> (byte) in[1], Type.I64));
            inputs.add(new Expr(b.load(Type.I32, h, 16, 2, true), in -> (short) in[2], Type.I32));
            Expr e = expr(b, inputs, Type.I32, 4);
            b.ret(e.ir());
            Module m = new Module("GPL").addFunction(b.build());
            String before = m.toString();
            try (LoadedObject o = BpfObjectFile.open(Pipeline.compile(m, level), "arith").load()) {
                for (int run = 0; run < 8; run++) {
                    byte[] packet = new byte[INPUTS * 8];
                    random.nextBytes(packet);
                    if (run == 0) java.util.Arrays.fill(packet, (byte) 0);      // zero divisors
                    ByteBuffer bb = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
                    long[] in = new long[INPUTS];
                    for (int k = 0; k < INPUTS; k++) in[k] = bb.getLong(8 * k);
                    int expected = (int) e.eval().applyAsLong(in);
                    assertEquals(expected, o.program("arith").testRun(packet).retval(),
                            "program " + program + " run " + run + " at " + level.cpuName() + ":\n" + before + "\noptimized:\n" + m);
                }
            }
        }
    }
}
