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
import org.junit.jupiter.api.Test;

/** The IR of for-each loops and of array elements addressed by run-time indexes. */
class ArraysAndForEachTest {
    private static final String HEADER = "    @BpfStruct public static final class W { @Size(4) public int[] w; }";

    private static Function xdp(String members, String body) {
        return lower(RejectedConstructsTest.program(members, body));
    }

    private static Function tc(String body) {
        return lower(String.join("\n",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Prog {",
                "    @BpfProgram(type = ProgramType.TC)",
                "    static int prog(SkBuffContext ctx) {",
                body,
                "    }",
                "}"));
    }

    private static Function tracepoint(String members, String body) {
        return lower(String.join("\n",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Prog {",
                members,
                "    @BpfProgram(type = ProgramType.TRACEPOINT, target = \"bpf4j_test/arrays\")",   // no such event: R mirrors no real format
                "    static int prog(TracepointContext ctx) {",
                body,
                "    }",
                "}"));
    }

    private static Function lower(String source) {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", source));
        assertThat(h.compilation).succeededWithoutWarnings();
        return h.modules.get("Prog").function("prog");
    }

    private static List<Instruction> ops(Function f, Op op) {
        return f.instructions().stream().filter(i -> i.op() == op).collect(Collectors.toList());
    }

    private static List<Integer> offsets(Function f, Op op) {
        return ops(f, op).stream().map(Instruction::offset).collect(Collectors.toList());
    }

    @Test
    void forEachOverAShortArrayIsUnrolledWithConstantOffsets() {
        Function f = xdp(HEADER, "        W w = ctx.header(14, W.class);\n"
                + "        if (w == null) return 0;\n"
                + "        int s = 0;\n"
                + "        for (int v : w.w) s = s * 3 + v;\n"
                + "        return s;");
        assertEquals(List.of(0, 4, 8, 12), offsets(f, Op.LOAD));
        assertTrue(ops(f, Op.PHI).isEmpty(), "straight-line code: " + f);
    }

    @Test
    void forEachOverALongPacketHeaderArrayIsUnrolled() {
        Function f = xdp("    @BpfStruct public static final class B { @Size(20) public byte[] b; }",
                "        B h = ctx.header(14, B.class);\n"
                + "        if (h == null) return 0;\n"
                + "        int s = 0;\n"
                + "        for (byte x : h.b) s += x;\n"
                + "        return s;");
        assertEquals(20, ops(f, Op.LOAD).size(), "constant offsets into the checked header: " + f);
        assertTrue(ops(f, Op.PTR_ADD).isEmpty(), f.toString());
    }

    @Test
    void anIndexThatAnUnrolledLoopMakesConstantReadsAPacketArray() {
        Function f = xdp("    @BpfStruct public static final class B { @Size(20) public byte[] b; }",
                "        B h = ctx.header(14, B.class);\n"
                + "        if (h == null) return 0;\n"
                + "        int s = 0;\n"
                + "        for (int i = 0; i < 4; i++) s += h.b[8 + 2 * i];\n"
                + "        return s;");
        assertEquals(List.of(8, 10, 12, 14), offsets(f, Op.LOAD), f.toString());
    }

    @Test
    void aFoldedIndexOutOfBoundsStaysARunTimeIndex() {
        // iteration 0 reads a[-1] when the packet says so: Java would throw there, BPF reads 0; no compile error
        Function f = xdp("", "        int[] a = new int[4];\n"
                + "        int s = 0;\n"
                + "        for (int i = 0; i < 4; i++) if (ctx.u8(i) == 1) s += a[i - 1];\n"
                + "        return s;");
        assertTrue(ops(f, Op.COND_BR).size() >= 4, f.toString());
    }

    @Test
    void forEachOverALongArrayIsALoopIndexingTheArray() {
        Function f = xdp("", "        long[] a = new long[40];\n"
                + "        a[ctx.ingressIfindex & 31] = ctx.rxQueueIndex;\n"
                + "        long s = 0;\n"
                + "        for (long v : a) s += v;\n"
                + "        return (int) s;");
        assertEquals(2, ops(f, Op.PHI).stream().filter(p -> p.block().name().startsWith("foreach")).count(),
                "the hidden index and the sum: " + f);
        assertEquals(1, ops(f, Op.LOAD).size(), f.toString());
        assertEquals(8, ops(f, Op.LOAD).get(0).size());
        assertEquals(2, ops(f, Op.PTR_ADD).size(), "one for the store, one for the loop's element: " + f);
        assertEquals(2, ops(f, Op.COND_BR).size(), "the store's bounds check and the loop test, which also bounds the "
                + "element: " + f);
    }

    @Test
    void forEachOverAStructArrayBindsEachElement() {
        Function f = xdp("    @BpfStruct public static final class P { public int k; public int v; }",
                "        P[] ps = new P[3];\n"
                + "        for (P p : ps) p.v = ctx.ingressIfindex;\n"
                + "        return ps[2].v;");
        assertEquals(List.of(4, 12, 20), ops(f, Op.STORE).stream().filter(i -> i.size() == 4).map(Instruction::offset)
                .collect(Collectors.toList()), f.toString());
    }

    @Test
    void forEachEvaluatesItsArrayOnce() {
        Function f = xdp("    static int[] stamped(int[] a) { a[0] = (int) Bpf.ktimeGetNs(); return a; }",
                "        int[] a = new int[3];\n"
                + "        int s = 0;\n"
                + "        for (int v : stamped(a)) s += v;\n"
                + "        return s;");
        assertEquals(1, ops(f, Op.HELPER_CALL).size(), f.toString());
    }

    @Test
    void returnInTheFirstIterationLeavesNoFurtherCopies() {
        Function f = xdp(HEADER, "        W w = ctx.header(14, W.class);\n"
                + "        if (w == null) return 0;\n"
                + "        for (int v : w.w) return v;\n"
                + "        return 1;");
        assertEquals(List.of(0), offsets(f, Op.LOAD));
    }

    @Test
    void forEachOverAContextArrayReadsEachElementAtItsOffset() {
        Function f = tc("        int s = 0;\n"
                + "        for (int c : ctx.cb) s ^= c;\n"
                + "        return s + ctx.cb.length;");
        assertEquals(List.of(48, 52, 56, 60, 64), offsets(f, Op.CTX_LOAD));
        assertTrue(ops(f, Op.PHI).isEmpty(), f.toString());
    }

    @Test
    void contextArrayWithAConstantIndexIsOneAccess() {
        Function f = tc("        ctx.cb[2] = 5;\n"
                + "        return ctx.cb[4];");
        assertEquals(List.of(56), offsets(f, Op.CTX_STORE));
        assertEquals(List.of(64), offsets(f, Op.CTX_LOAD));
    }

    @Test
    void contextArrayWithARuntimeIndexIsACompareChain() {
        Function f = tc("        ctx.cb[ctx.mark] = 7;\n"
                + "        return ctx.cb[ctx.priority];");
        assertEquals(List.of(48, 52, 56, 60, 64), offsets(f, Op.CTX_STORE).stream().sorted().collect(Collectors.toList()));
        assertEquals(List.of(8, 32, 48, 52, 56, 60, 64), offsets(f, Op.CTX_LOAD).stream().sorted().collect(Collectors.toList()));
        assertTrue(ops(f, Op.PTR_ADD).isEmpty(), "the context is never addressed with a run-time offset: " + f);
        assertEquals(10, ops(f, Op.COND_BR).size(), f.toString());
    }

    @Test
    void runtimeIndexIntoATracepointRecordsArrayIsACompareChain() {
        Function f = tracepoint("    @BpfStruct public static final class R { public long common; @Size(4) public int[] v; }",
                "        R r = ctx.record(R.class);\n"
                + "        return r.v[(int) Bpf.ktimeGetNs()];");
        assertEquals(List.of(8, 12, 16, 20), offsets(f, Op.CTX_LOAD).stream().sorted().collect(Collectors.toList()));
        assertTrue(ops(f, Op.PTR_ADD).isEmpty(), "the context is never addressed with a run-time offset: " + f);
    }

    @Test
    void forEachOverALongTracepointRecordArrayIsUnrolled() {
        Function f = tracepoint("    @BpfStruct public static final class R { public long common; @Size(20) public byte[] b; }",
                "        R r = ctx.record(R.class);\n"
                + "        int s = 0;\n"
                + "        for (byte x : r.b) s += x;\n"
                + "        return s;");
        assertEquals(20, ops(f, Op.CTX_LOAD).size(), f.toString());
        assertTrue(ops(f, Op.PHI).isEmpty(), f.toString());
    }

    @Test
    void runtimeIndexIntoAMapValuesArrayIsBoundsChecked() {
        Function f = xdp("    @BpfStruct public static final class V { public int n; @Size(6) public short[] s; }\n"
                + "    @BpfMap(maxEntries = 1) static BpfArrayMap<V> m;",
                "        V v = m.get(0);\n"
                + "        if (v == null) return 0;\n"
                + "        v.s[ctx.ingressIfindex] = 3;\n"
                + "        return v.s[ctx.rxQueueIndex];");
        List<Instruction> loads = ops(f, Op.LOAD);
        assertEquals(1, loads.size(), f.toString());
        assertEquals(4, loads.get(0).offset(), "the array's offset in the value");
        assertEquals(2, loads.get(0).size());
        assertTrue(loads.get(0).signExtends(), "short sign-extends");
        assertEquals(List.of(4), ops(f, Op.STORE).stream().filter(i -> i.size() == 2).map(Instruction::offset)
                .collect(Collectors.toList()), "the element store");
        assertEquals(2, ops(f, Op.PTR_ADD).size());
        assertFalse(ops(f, Op.COND_BR).size() < 3, "null test and two bounds checks: " + f);
    }
}
