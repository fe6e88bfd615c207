package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Everything outside the Java subset BPF can run is a javac error at the exact tree, saying what
 * is wrong, why and how to fix it; no object is produced.
 */
class RejectedConstructsTest {

    /** The source of an XDP program class {@code demo.Prog} with extra members and the given method body. */
    static String program(String members, String body) {
        return String.join("\n",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Prog {",
                members,
                "    @BpfProgram(type = ProgramType.XDP)",
                "    static int prog(XdpContext ctx) {",
                body,
                "    }",
                "}");
    }

    /** Expects an error containing {@code message} on the first line containing {@code line}, at {@code column}. */
    static void rejected(String text, String message, String line, int column) {
        JavaFileObject source = JavaFileObjects.forSourceString("demo.Prog", text);
        LowerHarness h = LowerHarness.compile(source);
        String[] lines = text.split("\n", -1);
        int number = 1;
        while (number <= lines.length && !lines[number - 1].contains(line)) {
            number++;
        }
        assertTrue(number <= lines.length, "test source has no line containing " + line);
        assertThat(h.compilation).hadErrorContaining(message).inFile(source).onLine(number).atColumn(column);
        assertTrue(h.objects.isEmpty(), "no object when the program has errors");
    }

    @Test
    void tryCatch() {
        rejected(program("", "        try { return 1; } catch (RuntimeException e) { return 2; }"),
                "try/catch/finally is not supported: BPF programs have no exceptions", "try {", 9);
    }

    @Test
    void helperNotAllowedForTheProgramType() {
        rejected(program("", "        byte[] buf = new byte[8];\n        Bpf.probeRead(buf, 0L);\n        return 2;"),
                "bpf_probe_read is not allowed in XDP programs", "Bpf.probeRead", 22);
    }

    @Test
    void throwStatement() {
        rejected(program("", "        if (ctx.ingressIfindex == 0) throw new IllegalStateException();\n        return 2;"),
                "throw is not supported", "throw new", 38);
    }

    @Test
    void synchronizedBlock() {
        rejected(program("    static final Object LOCK = new Object();", "        synchronized (LOCK) { return 2; }"),
                "synchronized is not supported: BPF has no monitors", "synchronized (LOCK)", 9);
    }

    @Test
    void lambda() {
        rejected(program("", "        Runnable r = () -> { };\n        return 2;"),
                "lambdas are not supported: BPF has no function objects", "Runnable r", 22);
    }

    @Test
    void stringConcatenation() {
        rejected(program("", "        String s = \"if\" + ctx.ingressIfindex;\n        return 2;"),
                "string concatenation is not supported: BPF has no string objects; give a helper the format and the values "
                        + "instead: Bpf.tracePrintk(\"if%d\", ctx.ingressIfindex)", "String s", 25);
    }

    @Test
    void floatingPoint() {
        rejected(program("", "        double d = ctx.ingressIfindex * 1.5;\n        return (int) d;"),
                "floating point is not supported: BPF has no floating-point instructions", "double d", 16);
    }

    @Test
    void newOfNonStruct() {
        rejected(program("", "        StringBuilder b = new StringBuilder();\n        return 2;"),
                "'new StringBuilder(...)' is not supported: BPF has no heap", "new StringBuilder", 27);
    }

    @Test
    void virtualCall() {
        rejected(program("", "        return ctx.packet().length;"),
                "call of PacketContext.packet() is not supported in BPF code", "ctx.packet()", 26);
    }

    @Test
    void jdkCallInCodeThatFoldsAway() {
        rejected(program("", "        if (false) { System.out.println(ctx.ingressIfindex); }\n        return 2;"),
                "call of PrintStream.println() is not supported in BPF code", "System.out.println", 40);
    }

    @Test
    void recursion() {
        rejected(program("    static int depth(int n) { return n <= 0 ? 0 : 1 + depth(n - 1); }",
                        "        return depth(ctx.ingressIfindex);"),
                "recursive call of depth: BPF cannot recurse", "static int depth", 60);
    }

    @Test
    void staticFieldOfReferenceType() {
        rejected(program("    static final int[] TABLE = {1, 2, 3};", "        return TABLE[1];"),
                "static field 'TABLE' of Prog is not available in BPF code", "return TABLE", 16);
    }

    @Test
    void unboundedWhileLoop() {
        rejected(program("", "        int x = ctx.ingressIfindex;\n        while (x > 1) { x = x / 2; }\n        return x;"),
                "loop without a provable bound", "while (x > 1)", 9);
    }

    @Test
    void continueSkippingTheWhileLoopsStep() {
        rejected(program("", "        int i = 0;\n        while (i < 4) { if (ctx.ingressIfindex == i) continue; i++; }\n        return i;"),
                "loop without a provable bound: a continue may skip the counter's step", "while (i < 4)", 9);
    }

    @Test
    void labeledContinueSkippingTheDoLoopsStep() {
        rejected(program("", "        int i = 0;\n        outer: do {\n            for (int j = 0; j < 2; j++) { if (ctx.ingressIfindex == j) continue outer; }\n"
                        + "            i++; } while (i < 4);\n        return i;"),
                "a continue may skip the counter's step", "outer: do", 16);
    }

    @Test
    void continueOfAnInnerLoopKeepsTheOuterLoopBounded() {
        String text = program("", "        int i = 0;\n        do {\n            for (int j = 6; j > 0; j -= 2) { if (ctx.ingressIfindex == j) continue; }\n"
                + "            i++; } while (i < 4);\n        return i;");
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", text));
        assertThat(h.compilation).succeeded();
    }

    @Test
    void infiniteForLoop() {
        rejected(program("", "        for (;;) { if (ctx.ingressIfindex > 0) break; }\n        return 2;"),
                "loop without a provable bound: it has no condition", "for (;;)", 9);
    }

    @Test
    void loopCounterMovingAway() {
        rejected(program("", "        int s = 0;\n        for (int i = 0; i < 10; i--) { s += i; }\n        return s;"),
                "the counter does not move towards the bound", "for (int i", 9);
    }

    @Test
    void stackOverflow() {
        rejected(program("", "        byte[] a = new byte[300];\n        byte[] b = new byte[300];\n        return a[0] + b[0];"),
                "bringing method prog to 608 bytes: the BPF stack holds 512 bytes", "byte[] b", 20);
    }

    @Test
    void mapValueBeforeNullCheck() {
        rejected(program("    @BpfMap(maxEntries = 4) static BpfArrayMap<Long> counts;",
                        "        Long v = counts.get(1);\n        return (int) (long) v;"),
                "is a map value that may be null here", "return (int)", 29);
    }

    @Test
    void headerBeforeNullCheck() {
        rejected(program("", "        EthHdr eth = ctx.header(0, EthHdr.class);\n        return eth.proto;"),
                "'eth' is a packet header that may be null here", "return eth.proto", 16);
    }

    @Test
    void ringBufferRecordBeforeNullCheck() {
        rejected(program("    @BpfStruct public static final class Ev { public int a; }\n"
                        + "    @BpfMap(maxEntries = 4096) static BpfRingBuffer<Ev> events;",
                        "        Ev e = events.reserve();\n        e.a = 1;\n        events.submit(e);\n        return 2;"),
                "'e' is a record that may be null here", "e.a = 1", 9);
    }

    @Test
    void ringBufferRecordNotReleasedOnEveryPath() {
        rejected(program("    @BpfStruct public static final class Ev { public int a; }\n"
                        + "    @BpfMap(maxEntries = 4096) static BpfRingBuffer<Ev> events;",
                        "        Ev e = events.reserve();\n        if (e == null) return 2;\n        e.a = 1;\n"
                        + "        if (ctx.ingressIfindex == 0) return 1;\n        events.submit(e);\n        return 2;"),
                "the ring buffer record reserved on line 9 is neither submitted nor discarded", "return 1;", 38);
    }

    @Test
    void ringBufferRecordUsedAfterSubmit() {
        rejected(program("    @BpfStruct public static final class Ev { public int a; }\n"
                        + "    @BpfMap(maxEntries = 4096) static BpfRingBuffer<Ev> events;",
                        "        Ev e = events.reserve();\n        if (e == null) return 2;\n        events.submit(e);\n"
                        + "        e.a = 1;\n        return 2;"),
                "'e' was already submitted or discarded", "e.a = 1", 9);
    }

    @Test
    void divisionByConstantZero() {
        rejected(program("", "        return ctx.ingressIfindex / 0;"),
                "division by zero: Java throws ArithmeticException", "return ctx", 35);
    }

    @Test
    void variableIndexIntoStructArray() {
        rejected(program("    @BpfStruct public static final class P { public int v; }",
                        "        P[] ps = new P[4];\n        return ps[ctx.ingressIfindex].v;"),
                "array index 'ctx.ingressIfindex' is not a constant", "return ps[", 22);
    }

    @Test
    void forEachOverAnIterable() {
        rejected(program("    @BpfMap(maxEntries = 4) static BpfArrayMap<Long> m;",
                        "        long s = 0;\n        for (long v : m.values()) s += v;\n        return (int) s;"),
                "for-each over 'm.values()' (java.util.List<java.lang.Long>) is not supported: BPF code has no Iterable",
                "for (long v", 31);
    }

    @Test
    void forEachOverALongArrayOfStructs() {
        rejected(program("    @BpfStruct public static final class P { public int v; }",
                        "        P[] ps = new P[20];\n        int s = 0;\n        for (P p : ps) s += p.v;\n        return s;"),
                "for-each over an array of 20 structs", "for (P p", 20);
    }

    @Test
    void runtimeIndexIntoAPacketHeaderArray() {
        rejected(program("    @BpfStruct public static final class W { @Size(4) public int[] w; }",
                        "        W w = ctx.header(14, W.class);\n        if (w == null) return 0;\n"
                                + "        return w.w[ctx.ingressIfindex];"),
                "array index 'ctx.ingressIfindex' is not a constant: packet bytes are read at offsets the verifier has "
                        + "checked", "return w.w[", 23);
    }

    @Test
    void runtimeIndexIntoALongArrayInTheContext() {
        rejected(String.join("\n",
                        "package demo;",
                        "import org.bpf4j.annotation.*;",
                        "import org.bpf4j.lang.*;",
                        "public final class Prog {",
                        "    @BpfStruct public static final class R { public long common; @Size(100) public byte[] b; }",
                        "    @BpfProgram(type = ProgramType.TRACEPOINT, target = \"a/b\")",
                        "    static int prog(TracepointContext ctx) {",
                        "        R r = ctx.record(R.class);",
                        "        return r.b[(int) Bpf.ktimeGetNs()];",
                        "    }",
                        "}"),
                "is compared with each index in turn for arrays of at most 64 elements, not 100", "return r.b[", 20);
    }

    @Test
    void constantIndexOutOfBoundsOfAContextArray() {
        rejected(String.join("\n",
                        "package demo;",
                        "import org.bpf4j.annotation.*;",
                        "import org.bpf4j.lang.*;",
                        "public final class Prog {",
                        "    @BpfProgram(type = ProgramType.TC)",
                        "    static int prog(SkBuffContext ctx) {",
                        "        return ctx.cb[5];",
                        "    }",
                        "}"),
                "array index 5 is out of bounds for length 5", "return ctx.cb[", 23);
    }

    @Test
    void constantIndexOutOfBounds() {
        rejected(program("", "        int[] a = new int[4];\n        return a[4];"),
                "array index 4 is out of bounds for length 4", "return a[", 18);
    }

    @Test
    void readOnlyContextMember() {
        rejected(program("", "        ctx.ingressIfindex = 3;\n        return 2;"),
                "context member 'ingressIfindex' is read-only for this program type", "ctx.ingressIfindex = 3", 12);
    }

    @Test
    void instanceOf() {
        rejected(program("", "        Object o = ctx;\n        return o instanceof XdpContext ? 1 : 2;"),
                "instanceof is not supported", "instanceof", 18);
    }

    @Test
    void reassignedStructReference() {
        rejected(program("", "        EthHdr eth = ctx.header(0, EthHdr.class);\n        eth = ctx.header(4, EthHdr.class);\n        return 2;"),
                "'eth' refers to memory", "eth = ctx.header(4", 9);
    }
}
