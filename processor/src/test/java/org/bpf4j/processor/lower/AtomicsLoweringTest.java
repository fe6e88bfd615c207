package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.bpf4j.processor.lower.RejectedConstructsTest.program;
import static org.bpf4j.processor.lower.RejectedConstructsTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import org.bpf4j.compiler.ir.AtomicKind;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.processor.BpfProcessor;
import org.junit.jupiter.api.Test;

/** {@code Atomics}: each form's BPF_ATOMIC, and the javac errors for what the verifier or the language refuses. */
class AtomicsLoweringTest {
    /** A struct whose members sit at 0 (int), 8 (long), 16 (short), 20 (int[4]), 40 (long[2]). */
    private static final String MEMBERS = String.join("\n",
            "    @BpfStruct public static final class Stats {",
            "        public int state; public long bytes; public short small;",
            "        @Size(4) public int[] slots = new int[4]; @Size(2) public long[] totals = new long[2];",
            "    }",
            "    @BpfMap(maxEntries = 4) static BpfHashMap<Integer, Stats> stats;",
            "    @BpfMap(maxEntries = 4096) static BpfRingBuffer<Stats> events;");

    private static final String LOOKUP = "        Stats s = stats.get(0);\n        if (s == null) return 0;\n";

    private static Function lower(String body) {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", program(MEMBERS, body)));
        assertThat(h.compilation).succeededWithoutWarnings();
        assertFalse(h.objects.isEmpty(), "the object is emitted");
        return h.modules.get("Prog").function("prog");
    }

    private static List<Instruction> atomics(Function f) {
        return f.instructions().stream().filter(i -> i.op() == Op.ATOMIC).collect(Collectors.toList());
    }

    private static String shape(Instruction i) {
        return i.atomic().name().toLowerCase() + (i.fetches() ? " fetch" : "") + " " + i.size() + "@" + i.offset();
    }

    @Test
    void everyFormOnMembersIsOneAtomicOfTheMembersWidth() {
        Function f = lower(LOOKUP
                + "        Atomics.add(s, \"state\", 1);\n"
                + "        Atomics.and(s, \"bytes\", 6);\n"
                + "        Atomics.or(s, \"state\", 8L);\n"
                + "        Atomics.xor(s, \"bytes\", -1);\n"
                + "        long a = Atomics.getAndAdd(s, \"bytes\", 5L);\n"
                + "        int b = Atomics.getAndAnd(s, \"state\", 3);\n"
                + "        int c = Atomics.getAndOr(s, \"state\", 4);\n"
                + "        long d = Atomics.getAndXor(s, \"bytes\", 9L);\n"
                + "        int e = Atomics.getAndSet(s, \"state\", 7);\n"
                + "        long g = Atomics.compareAndExchange(s, \"bytes\", 1L, 2L);\n"
                + "        return (int) (a + b + c + d + e + g);");
        assertEquals(List.of("add 4@0", "and 8@8", "or 4@0", "xor 8@8", "add fetch 8@8", "and fetch 4@0", "or fetch 4@0",
                "xor fetch 8@8", "xchg fetch 4@0", "cmpxchg fetch 8@8"), atomics(f).stream().map(AtomicsLoweringTest::shape)
                .collect(Collectors.toList()), f.toString());
    }

    @Test
    void aConstantIndexIsAFixedOffsetAndARunTimeIndexIsBoundsChecked() {
        Function f = lower(LOOKUP
                + "        Atomics.add(s.slots, 3, 1);\n"
                + "        long old = Atomics.getAndAdd(s.totals, 1, 2L);\n"
                + "        int i = ctx.ingressIfindex;\n"
                + "        int was = Atomics.compareAndExchange(s.slots, i, 0, 1);\n"
                + "        return (int) old + was;");
        List<Instruction> a = atomics(f);
        assertEquals(List.of("add 4@32", "add fetch 8@48", "cmpxchg fetch 4@20"), a.stream().map(AtomicsLoweringTest::shape)
                .collect(Collectors.toList()), f.toString());
        Instruction checked = a.get(2);
        assertEquals(Op.PTR_ADD, ((Instruction) checked.operand(0)).op(), "a run-time element address: " + f);
        assertTrue(f.instructions().stream().anyMatch(i -> i.op() == Op.PHI), "out of bounds the fetch yields 0: " + f);
    }

    @Test
    void recordsAndStackStructsTakeAtomicsAsTheVerifierAllows() {
        Function f = lower("        Stats local = new Stats();\n"
                + "        Atomics.add(local, \"bytes\", 2);\n"
                + "        Stats r = events.reserve();\n"
                + "        if (r == null) return 0;\n"
                + "        r.state = 0;\n"
                + "        Atomics.or(r, \"state\", 1);\n"
                + "        events.submit(r);\n"
                + "        return (int) local.bytes;");
        assertEquals(List.of(AtomicKind.ADD, AtomicKind.OR), atomics(f).stream().map(Instruction::atomic).collect(Collectors.toList()));
    }

    @Test
    void globalArraysTakeAtomicsAndAConfigArrayIsReadOnly() {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", program(
                "    @Size(4) static long[] totals = new long[4];\n    @BpfConfig @Size(2) static int[] limits;",
                "        Atomics.add(totals, ctx.ingressIfindex, 1);\n        long old = Atomics.getAndAdd(totals, 2, 5L);\n"
                        + "        return (int) old + limits[1] + (int) totals[3];")));
        assertThat(h.compilation).succeededWithoutWarnings();
        Function f = h.modules.get("Prog").function("prog");
        assertEquals(List.of("add 8@0", "add fetch 8@16"), atomics(f).stream().map(AtomicsLoweringTest::shape)
                .collect(Collectors.toList()), f.toString());
        String members = "    @BpfConfig @Size(2) static int[] limits;";
        rejected(program(members, "        Atomics.add(limits, 1, 1);\n        return 0;"),
                "@BpfConfig global 'limits' is read-only in BPF code (it is frozen at load) and the verifier refuses atomics on it",
                "Atomics.add(limits", 21);
        rejected(program(members, "        limits[ctx.ingressIfindex] = 1;\n        return 0;"),
                "@BpfConfig global 'limits' is read-only in BPF code", "limits[ctx", 15);
    }

    @Test
    void aMemberNameThatIsNotAConstantIsRefused() {
        rejected(program(MEMBERS, LOOKUP + "        String n = ctx.ingressIfindex == 0 ? \"state\" : \"bytes\";\n"
                        + "        Atomics.add(s, n, 1);\n        return 0;"),
                "the member name must be a compile-time constant string", "Atomics.add(s, n", 24);
    }

    @Test
    void anUnknownMemberIsRefusedWithTheCandidates() {
        rejected(program(MEMBERS, LOOKUP + "        Atomics.add(s, \"count\", 1);\n        return 0;"),
                "@BpfStruct Stats has no member 'count' (its int and long members: state, bytes)", "\"count\"", 24);
    }

    @Test
    void aMemberThatIsNotIntOrLongIsRefused() {
        rejected(program(MEMBERS, LOOKUP + "        Atomics.add(s, \"small\", 1);\n        return 0;"),
                "member 'small' is short: BPF atomics act on 4- and 8-byte integers only", "\"small\"", 24);
    }

    @Test
    void anArrayMemberIsNamedByElement() {
        rejected(program(MEMBERS, LOOKUP + "        Atomics.add(s, \"slots\", 1);\n        return 0;"),
                "member 'slots' is an array: name an element instead, e.g. Atomics.add(x.slots, index, value)", "\"slots\"", 24);
    }

    @Test
    void theIntOverloadOfAFetchOnALongMemberIsRefused() {
        rejected(program(MEMBERS, LOOKUP + "        int old = Atomics.getAndAdd(s, \"bytes\", 1);\n        return old;"),
                "member 'bytes' is a long but this call is the int overload of Atomics.getAndAdd", "\"bytes\"", 40);
    }

    @Test
    void aPacketHeaderIsRefused() {
        rejected(program(MEMBERS, "        Stats h = ctx.header(14, Stats.class);\n        if (h == null) return 0;\n"
                        + "        Atomics.add(h, \"state\", 1);\n        return 0;"),
                "'h' is packet data: the verifier refuses atomics on packets", "Atomics.add(h", 21);
    }

    @Test
    void theContextIsRefused() {
        rejected(String.join("\n",
                        "package demo;",
                        "import org.bpf4j.annotation.*;",
                        "import org.bpf4j.lang.*;",
                        "public final class Prog {",
                        "    @BpfProgram(type = ProgramType.TC)",
                        "    static int prog(SkBuffContext ctx) {",
                        "        Atomics.add(ctx.cb, 0, 1);",
                        "        return 0;",
                        "    }",
                        "}"),
                "'ctx.cb' is the program's context: the verifier refuses atomics on it", "Atomics.add(ctx.cb", 24);
    }

    @Test
    void aRunTimeIndexIntoAStackArrayIsRefused() {
        rejected(program(MEMBERS, "        Stats local = new Stats();\n        Atomics.add(local, \"state\", 1);\n"
                        + "        Atomics.add(local.slots, 2, 1);\n        Atomics.add(local.slots, ctx.ingressIfindex, 1);\n"
                        + "        return 0;"),
                "array index 'ctx.ingressIfindex' is not a constant: this array is on the stack, where the verifier refuses "
                        + "atomics at a variable offset", "Atomics.add(local.slots, ctx", 37);
    }

    @Test
    void aBoxedMapValueIsRefusedWithTheMapsOwnAdd() {
        rejected(program("    @BpfMap(maxEntries = 4) static BpfHashMap<Integer, Long> counts;",
                        "        Long v = counts.get(0);\n        if (v == null) return 0;\n        Atomics.add(v, \"value\", 1);\n"
                        + "        return 0;"),
                "'v' is a boxed map value, which BPF code reads as a copy: add to it with the map's addIfPresent/add",
                "Atomics.add(v", 21);
    }

    @Test
    void aConstantIndexOutOfBoundsIsRefused() {
        rejected(program(MEMBERS, LOOKUP + "        Atomics.add(s.slots, 4, 1);\n        return 0;"),
                "array index 4 is out of bounds for length 4", "Atomics.add(s.slots", 30);
    }

    @Test
    void aMapValueUsedBeforeItsNullTestIsRefused() {
        rejected(program(MEMBERS, "        Stats s = stats.get(0);\n        Atomics.add(s, \"state\", 1);\n        return 0;"),
                "'s' is a map value that may be null here", "Atomics.add(s", 21);
    }

    /** The processor itself, with {@code -Abpf4j.cpu}. */
    private static Compilation compileAt(String level, String body) {
        JavaFileObject source = JavaFileObjects.forSourceString("demo.Prog", program(MEMBERS, body));
        return Compiler.javac().withProcessors(new BpfProcessor()).withOptions("-Abpf4j.cpu=" + level).compile(source);
    }

    @Test
    void belowV3OnlyThePlainAddCompilesAndTheOthersNameTheLevel() {
        assertThat(compileAt("v2", LOOKUP + "        Atomics.add(s, \"bytes\", 1);\n        Atomics.add(s.slots, 1, 1);\n"
                + "        return 0;")).succeeded();
        String body = LOOKUP + "        long old = Atomics.getAndAdd(s, \"bytes\", 1L);\n        return (int) old;";
        Compilation c = compileAt("v2", body);
        assertThat(c).hadErrorContaining("Atomics.getAndAdd compiles to BPF_ATOMIC fetch add, which needs ISA v3 (kernel 5.12+), "
                + "but this build targets v2 (-Abpf4j.cpu=v2)").inFile(c.sourceFiles().get(0)).onLine(15).atColumn(37);
        assertThat(compileAt("v1", LOOKUP + "        Atomics.or(s, \"state\", 1);\n        return 0;"))
                .hadErrorContaining("Atomics.or compiles to BPF_ATOMIC or, which needs ISA v3");
        assertThat(compileAt("v3", body)).succeeded();
    }
}
