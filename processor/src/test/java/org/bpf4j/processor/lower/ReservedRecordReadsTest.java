package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.bpf4j.processor.lower.RejectedConstructsTest.program;
import static org.bpf4j.processor.lower.RejectedConstructsTest.rejected;

import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

/**
 * A member of a ring-buffer record read on some path before it is written since reserve() is a
 * javac error at the read: the kernel does not zero a reserved record, the JVM does. Writes on
 * every path, fills, copies into the record and helpers or BPF functions handed it count as
 * writes; a record submitted with members never written is accepted (documented).
 */
class ReservedRecordReadsTest {
    private static final String UNWRITTEN = "reads a ring-buffer record where, on some path from reserve() to here, these "
            + "bytes have not been written";
    private static final String MEMBERS = String.join("\n",
            "    @BpfStruct public static final class Ev { public int a; public int b; @Size(6) public byte[] mac = new byte[6];",
            "        @Size(20) public int[] v = new int[20]; }",
            "    @BpfMap(maxEntries = 4096) static BpfRingBuffer<Ev> events;",
            "    @BpfMap(maxEntries = 4) static BpfHashMap<Integer, Ev> last;",
            "    @BpfFunction static void fill(Ev e) { e.a = 1; e.b = 2; }");
    private static final String RESERVE = "        Ev e = events.reserve();\n        if (e == null) return 2;\n";
    private static final String SUBMIT = "        events.submit(e);\n        return 2;";

    private static void accepted(String body) {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", program(MEMBERS, body)));
        assertThat(h.compilation).succeededWithoutWarnings();
    }

    @Test
    void memberReadBeforeAnyWriteIsAnError() {
        rejected(program(MEMBERS, RESERVE + "        int x = e.a;\n        e.b = x;\n" + SUBMIT), UNWRITTEN, "int x = e.a", 18);
    }

    @Test
    void compoundAssignmentReadsTheMember() {
        rejected(program(MEMBERS, RESERVE + "        e.b = 1;\n        e.a += 1;\n" + SUBMIT), UNWRITTEN, "e.a += 1", 10);
    }

    @Test
    void incrementReadsTheMember() {
        rejected(program(MEMBERS, RESERVE + "        e.a++;\n" + SUBMIT), UNWRITTEN, "e.a++", 10);
    }

    @Test
    void writtenOnOnePathOnlyIsAnError() {
        rejected(program(MEMBERS, RESERVE + "        if (ctx.ingressIfindex == 1) e.a = 7;\n        e.b = e.a;\n" + SUBMIT),
                UNWRITTEN, "e.b = e.a", 16);
    }

    @Test
    void elementAtARunTimeIndexNeedsTheWholeArray() {
        rejected(program(MEMBERS, RESERVE + "        e.mac[0] = 1;\n        e.a = e.mac[ctx.ingressIfindex & 3];\n" + SUBMIT),
                UNWRITTEN, "e.a = e.mac", 20);
    }

    @Test
    void copyingFromTheRecordReadsIt() {
        rejected(program(MEMBERS, RESERVE + "        byte[] m = new byte[6];\n        System.arraycopy(e.mac, 0, m, 0, 6);\n"
                + "        e.a = m[1];\n" + SUBMIT), UNWRITTEN, "System.arraycopy", 27);
    }

    @Test
    void structCopyFromTheRecordReadsIt() {
        rejected(program(MEMBERS, RESERVE + "        Ev copy = new Ev();\n        e.a = 1;\n        Structs.copy(copy, e);\n"
                + SUBMIT), UNWRITTEN, "Structs.copy", 28);
    }

    @Test
    void mapUpdateWithTheRecordReadsIt() {
        rejected(program(MEMBERS, RESERVE + "        e.a = 1;\n        last.put(0, e);\n" + SUBMIT), UNWRITTEN, "last.put", 21);
    }

    @Test
    void readInALoopBeforeTheWriteInItIsAnError() {
        rejected(program(MEMBERS, RESERVE + "        for (int i = 0; i < 4; i++) {\n            e.b = e.a;\n            e.a = i;\n"
                + "        }\n" + SUBMIT), UNWRITTEN, "e.b = e.a", 20);
    }

    @Test
    void aRecordReservedInALoopStartsUnwrittenEachTime() {
        rejected(program(MEMBERS, "        for (int i = 0; i < 4; i++) {\n            Ev e = events.reserve();\n"
                + "            if (e == null) break;\n            e.b = e.a;\n            e.a = i;\n            events.submit(e);\n"
                + "        }\n        return 2;"), UNWRITTEN, "e.b = e.a", 20);
    }

    @Test
    void aFillLoopThatMayBreakEarlyIsAnError() {
        rejected(program(MEMBERS, RESERVE + "        for (int k = 0; k < 20; k++) {\n            e.v[k] = k;\n"
                + "            if (k == ctx.ingressIfindex) break;\n        }\n        e.a = e.v[ctx.ingressIfindex & 7];\n" + SUBMIT),
                UNWRITTEN, "e.a = e.v", 18);
    }

    @Test
    void aFillLoopOverPartOfTheArrayIsAnErrorBeyondIt() {
        rejected(program(MEMBERS, RESERVE + "        for (int k = 0; k < 19; k++) e.v[k] = k;\n        e.a = e.v[19];\n" + SUBMIT),
                UNWRITTEN, "e.a = e.v", 18);
    }

    @Test
    void anAtomicReadsTheMember() {
        rejected(program(MEMBERS, RESERVE + "        e.a = 1;\n        Atomics.add(e, \"b\", 1);\n" + SUBMIT),
                UNWRITTEN, "Atomics.add", 21);
    }

    @Test
    void writeThenReadIsAccepted() {
        accepted(RESERVE + "        e.a = ctx.ingressIfindex;\n        e.b = e.a + 1;\n        e.a += 2;\n        e.b++;\n"
                + "        e.mac[0] = (byte) e.b;\n" + "        e.mac[1] = e.mac[0];\n" + SUBMIT);
    }

    @Test
    void writtenOnEveryPathIsAccepted() {
        accepted(RESERVE + "        if (ctx.ingressIfindex == 1) e.a = 7; else e.a = 8;\n        e.b = e.a;\n" + SUBMIT);
    }

    @Test
    void fillsCopiesAndFunctionsCountAsWrites() {
        accepted(RESERVE + "        java.util.Arrays.fill(e.mac, (byte) 0);\n        fill(e);\n"
                + "        e.a = e.b + e.mac[ctx.ingressIfindex & 3];\n"
                + "        Ev copy = new Ev();\n        Structs.copy(copy, e);\n        Structs.copy(e, copy);\n"
                + "        last.put(0, e);\n" + SUBMIT);
    }

    @Test
    void writtenBeforeALoopIsReadableInIt() {
        accepted(RESERVE + "        e.a = 0;\n        for (int i = 0; i < 100; i++) {\n"
                + "            if (i == ctx.ingressIfindex) break;\n            e.a += i;\n        }\n"
                + "        e.b = e.a;\n" + SUBMIT);
    }

    @Test
    void aNullCheckedRecordIsReadableAfterAConditionalWrite() {
        accepted("        Ev e = events.reserve();\n        if (e != null) e.a = 1;\n        if (e == null) return 2;\n"
                + "        e.b = e.a;\n" + SUBMIT);
    }

    @Test
    void aRecordReservedInALoopWrittenFirstIsAccepted() {
        accepted("        for (int i = 0; i < 4; i++) {\n            Ev e = events.reserve();\n            if (e == null) break;\n"
                + "            e.a = i;\n            e.b = e.a;\n            events.submit(e);\n        }\n        return 2;");
    }

    @Test
    void aFillLoopAtItsCounterWritesTheArray() {
        accepted(RESERVE + "        for (int k = 0; k < 20; k++) {\n            e.v[k] = k * 3;\n            if (k == 3) continue;\n"
                + "        }\n        e.a = e.v[ctx.ingressIfindex & 7] + e.v[19];\n" + SUBMIT);
    }

    @Test
    void aCopyOfARecordWhoseMembersAreWrittenIgnoresItsPadding() {
        accepted(RESERVE + "        e.a = 1;\n        e.b = 2;\n        java.util.Arrays.fill(e.mac, (byte) 3);\n"
                + "        java.util.Arrays.fill(e.v, 4);\n        Ev copy = new Ev();\n        Structs.copy(copy, e);\n" + SUBMIT);
    }

    @Test
    void submittingUnwrittenMembersIsAccepted() {
        accepted(RESERVE + "        e.a = 1;\n" + SUBMIT);
    }
}
