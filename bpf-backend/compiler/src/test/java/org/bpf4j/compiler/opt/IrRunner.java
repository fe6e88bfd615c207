package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongBinaryOperator;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.JavaArithmetic;
import org.bpf4j.compiler.ir.Param;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/** Runs integer functions of the IR as it defines them, to hold optimized code against the JVM. */
final class IrRunner {
    private static final long[] EDGES = {0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 0x7FFF_FFFF,
            Integer.MIN_VALUE, 0xFFFF_FFFFL, 0x7F00_0001, 0x0100_007F, Long.MIN_VALUE, Long.MAX_VALUE};

    private IrRunner() {}

    /** Runs {@code f} (integer params and arithmetic, branches, phis, stack slots) the way the IR defines it. */
    static long run(Function f, long... args) {
        Map<Value, Long> values = new HashMap<>();
        Map<List<Object>, Long> stack = new HashMap<>();     // (slot, offset) -> the bytes stored there
        Block block = f.entry(), from = null;
        while (true) {
            for (Instruction i : block.instructions()) {
                if (i instanceof Phi p) {
                    values.put(p, value(values, p.incomingFrom(from), args));
                    continue;
                }
                long a = i.operands().isEmpty() ? 0 : value(values, i.operand(0), args);
                boolean is32 = i.operands().isEmpty() || i.operand(0).type() == Type.I32;
                switch (i.op()) {
                    case RETURN: return a;
                    case BR: from = block; block = i.targets().get(0); break;
                    case COND_BR: {
                        boolean taken = i.cmp().test(a, value(values, i.operand(1), args), is32);
                        from = block;
                        block = i.targets().get(taken ? 0 : 1);
                        break;
                    }
                    case SEXT: values.put(i, JavaArithmetic.signExtend(a, i.size())); break;
                    case ZEXT: values.put(i, JavaArithmetic.zeroExtend(a, i.size())); break;
                    case TRUNC: values.put(i, (long) (int) a); break;
                    case BSWAP: values.put(i, Constant.of(i.type(), Long.reverseBytes(a) >>> (64 - 8 * i.size())).value()); break;
                    case NEG: values.put(i, Constant.of(i.type(), -a).value()); break;
                    case COPY: values.put(i, a); break;
                    case STACK_ALLOC: values.put(i, 0L); break;
                    case STORE: stack.put(List.of(i.operand(0), i.offset()), JavaArithmetic.zeroExtend(value(values, i.operand(1), args), i.size())); break;
                    case LOAD: {
                        long bytes = stack.get(List.of(i.operand(0), i.offset()));
                        values.put(i, Constant.of(i.type(), i.signExtends() ? JavaArithmetic.signExtend(bytes, i.size()) : bytes).value());
                        break;
                    }
                    default:
                        values.put(i, Constant.of(i.type(), JavaArithmetic.evaluate(i.op(), a, value(values, i.operand(1), args), i.type() == Type.I32)).value());
                }
                if (i.isTerminator()) break;
            }
        }
    }

    private static long value(Map<Value, Long> values, Value v, long[] args) {
        if (v instanceof Constant c) return c.value();
        if (v instanceof Param p) return Constant.of(p.type(), args[p.index()]).value();
        return values.get(v);
    }

    /** {@code f(x, y)} computes {@code java(x, y)} for edge and random x and y. */
    static void assertComputes(LongBinaryOperator java, Function f) {
        Random r = new Random(7101);
        for (int n = 0; n < 2000; n++) {
            long x = n < EDGES.length * EDGES.length ? EDGES[n % EDGES.length] : r.nextLong();
            long y = n < EDGES.length * EDGES.length ? EDGES[n / EDGES.length] : r.nextLong();
            long expected = Constant.of(f.returnType(), java.applyAsLong(x, y)).value();
            assertEquals(expected, run(f, x, y), "f(" + x + ", " + y + ") of " + f);
        }
    }

}
