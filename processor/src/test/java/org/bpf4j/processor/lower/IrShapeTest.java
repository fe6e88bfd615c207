package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.stream.Collectors;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.junit.jupiter.api.Test;

/** The IR the front end produces for Java constructs whose lowering the design fixes. */
class IrShapeTest {

    private static Function lower(String members, String body) {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog",
                RejectedConstructsTest.program(members, body)));
        assertThat(h.compilation).succeededWithoutWarnings();
        return h.modules.get("Prog").function("prog");
    }

    private static List<Instruction> ops(Function f, Op op) {
        return f.instructions().stream().filter(i -> i.op() == op).collect(Collectors.toList());
    }

    @Test
    void maskedByteLoadIsAZeroExtendingLoad() {
        Function f = lower("", "        Ipv4Hdr ip = ctx.header(14, Ipv4Hdr.class);\n"
                + "        if (ip == null) return 0;\n"
                + "        return ip.ttl & 0xFF;");
        List<Instruction> loads = ops(f, Op.LOAD);
        assertEquals(1, loads.size());
        assertEquals(1, loads.get(0).size());
        assertEquals(8, loads.get(0).offset(), "ttl");
        assertFalse(loads.get(0).signExtends(), "zero-extending");
        assertTrue(ops(f, Op.AND).isEmpty(), "no mask left: " + f);
    }

    @Test
    void byteEqualityWithASmallConstantLoadsUnsigned() {
        Function f = lower("", "        Ipv4Hdr ip = ctx.header(14, Ipv4Hdr.class);\n"
                + "        if (ip == null || ip.protocol != IpProto.UDP) return 0;\n"
                + "        return 1;");
        assertFalse(ops(f, Op.LOAD).get(0).signExtends(), f.toString());
        assertTrue(ops(f, Op.SEXT).isEmpty(), f.toString());
    }

    @Test
    void intArithmeticIs32BitAndLongIs64Bit() {
        Function f = lower("", "        int a = ctx.ingressIfindex;\n"
                + "        long b = ctx.rxQueueIndex;\n"
                + "        return a * 3 + (int) (b * 5);");
        List<Instruction> muls = ops(f, Op.MUL);
        assertEquals(2, muls.size());
        assertTrue(muls.stream().anyMatch(i -> i.type() == Type.I32));
        assertTrue(muls.stream().anyMatch(i -> i.type() == Type.I64));
        assertEquals(1, ops(f, Op.SEXT).size(), "int widened to long once");
        assertEquals(1, ops(f, Op.TRUNC).size(), "long narrowed to int once");
    }

    @Test
    void shortCountedLoopsAreUnrolledWithConstantOffsets() {
        Function f = lower("    @BpfStruct public static final class W { @Size(4) public int[] w; }",
                "        W w = ctx.header(14, W.class);\n"
                + "        if (w == null) return 0;\n"
                + "        int s = 0;\n"
                + "        for (int i = 0; i < 4; i++) s += w.w[i];\n"
                + "        return s;");
        assertEquals(List.of(0, 4, 8, 12), ops(f, Op.LOAD).stream().map(Instruction::offset).collect(Collectors.toList()));
        assertTrue(ops(f, Op.PHI).isEmpty(), "straight-line code: " + f);
    }

    @Test
    void whileAndDoLoopsFromAConstantAreUnrolledLikeForLoops() {
        Function f = lower("    @BpfStruct public static final class W { @Size(8) public int[] w; }",
                "        W w = ctx.header(14, W.class);\n"
                + "        if (w == null) return 0;\n"
                + "        int s = 0, i = 0, j = 7;\n"
                + "        while (i < 4) { s += w.w[i]; i++; }\n"
                + "        do { s ^= w.w[j]; j -= 2; } while (j > 4);\n"
                + "        return s + i + j;");
        assertEquals(List.of(0, 4, 8, 12, 28, 20), ops(f, Op.LOAD).stream().map(Instruction::offset).collect(Collectors.toList()));
        assertTrue(ops(f, Op.PHI).isEmpty(), "straight-line code: " + f);
    }

    @Test
    void aLargeBodyThatDoesNotReadItsCounterStaysALoop() {
        // the counter only bounds the walk: ten copies of this body would gain no constant
        StringBuilder body = new StringBuilder("        int at = 0, sum = 0;\n        for (int n = 0; n < 10; n++) {\n");
        for (int k = 0; k < 8; k++) {
            body.append("            if (ctx.u8(at + ").append(k).append(") == ").append(k).append(") { sum += ctx.u8(at + 9) * ")
                    .append(k + 3).append("; at += 2; }\n");
        }
        body.append("            at++;\n        }\n        return sum;");
        Function f = lower("", body.toString());
        assertTrue(ops(f, Op.PHI).size() >= 2, "at and sum are loop phis: " + f);
    }

    @Test
    void aWhileLoopFromAnUnknownStartStaysALoop() {
        Function f = lower("", "        int s = 0, i = ctx.ingressIfindex & 3;\n"
                + "        while (i < 4) { s += i; i++; }\n"
                + "        return s;");
        assertEquals(1, ops(f, Op.COND_BR).size(), f.toString());
    }

    @Test
    void longCountedLoopsStayLoops() {
        Function f = lower("", "        int s = 0;\n"
                + "        for (int i = 0; i < 100; i++) s += i * ctx.ingressIfindex;\n"
                + "        return s;");
        assertEquals(2, ops(f, Op.PHI).size(), "counter and sum: " + f);
        assertEquals(1, ops(f, Op.COND_BR).size(), f.toString());
    }

    @Test
    void switchIsACompareChain() {
        Function f = lower("", "        switch (ctx.ingressIfindex) {\n"
                + "            case 1: return 10;\n"
                + "            case 2: case 3: return 20;\n"
                + "            default: return 30;\n"
                + "        }");
        assertEquals(3, ops(f, Op.COND_BR).size(), f.toString());
        assertEquals(3, ops(f, Op.RETURN).size(), f.toString());
    }
}
