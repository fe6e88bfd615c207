package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.bpf4j.processor.lower.RejectedConstructsTest.program;
import static org.bpf4j.processor.lower.RejectedConstructsTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.stream.Collectors;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.junit.jupiter.api.Test;

/** System.arraycopy, Arrays.fill and Structs.copy: the moves they lower to, and the forms refused at javac time. */
class CopiesTest {
    private static final String STRUCTS = String.join("\n",
            "    @BpfStruct public static final class B20 { @Size(20) public byte[] b = new byte[20]; }",
            "    @BpfStruct public static final class Rec { public long a; public int b; public short c; public byte d, e; }",
            "    @BpfStruct public static final class Mac { @Size(6) public byte[] a = new byte[6]; }",
            "    @BpfStruct public static final class Pair { public short x, y; }",
            "    @BpfMap(maxEntries = 1) static BpfArrayMap<Rec> recs;",
            "    @BpfMap(maxEntries = 1) static BpfArrayMap<B20> values;",
            "    @BpfStruct public static final class Big { @Size(1004) public byte[] b = new byte[1004]; }",
            "    @BpfMap(maxEntries = 1) static BpfArrayMap<Big> bigs;");

    private static Function lower(String body) {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", program(STRUCTS, body)));
        assertThat(h.compilation).succeededWithoutWarnings();
        assertTrue(h.objects.containsKey("Prog"), "compiled to an object");
        return h.modules.get("Prog").function("prog");
    }

    /** The widths of the loads, in order. */
    private static List<Integer> loads(Function f) {
        return f.instructions().stream().filter(i -> i.op() == Op.LOAD).map(Instruction::size).collect(Collectors.toList());
    }

    /** Offsets and widths of the stores that write a loaded value (the moves, not the zeroing of new locals). */
    private static List<String> moves(Function f) {
        return f.instructions().stream()
                .filter(i -> i.op() == Op.STORE && i.operand(1) instanceof Instruction v && v.op() == Op.LOAD)
                .map(i -> i.offset() + ":" + i.size()).collect(Collectors.toList());
    }

    @Test
    void sixteenStackBytesAreTwoEightByteMoves() {
        Function f = lower("        byte[] a = new byte[16]; a[3] = 7;\n"
                + "        byte[] b = new byte[16];\n"
                + "        System.arraycopy(a, 0, b, 0, 16);\n"
                + "        return b[3];");
        assertEquals(List.of("0:8", "8:8"), moves(f));
    }

    @Test
    void twentyBytesOfAMapValueAreEightEightFour() {
        Function f = lower("        B20 v = values.get(0);\n"
                + "        if (v == null) return 0;\n"
                + "        byte[] b = new byte[20];\n"
                + "        System.arraycopy(v.b, 0, b, 0, 20);\n"
                + "        return b[19];");
        assertEquals(List.of("0:8", "8:8", "16:4"), moves(f));
    }

    @Test
    void offsetsLimitTheWidthToTheAlignmentBothEndsShare() {
        // source from byte 2 (2-aligned), destination from byte 6 (2-aligned): 2, then 8 is not allowed until both are 8-aligned
        Function f = lower("        byte[] a = new byte[24]; a[5] = 1;\n"
                + "        byte[] b = new byte[24];\n"
                + "        System.arraycopy(a, 2, b, 2, 16);\n"
                + "        return b[5];");
        assertEquals(List.of("2:2", "4:4", "8:8", "16:2"), moves(f));
    }

    @Test
    void packetHeadersAreAlignedOnlyAsTheirStruct() {
        // a packet pointer's alignment is unknown beyond the struct's: Mac (bytes) moves byte by byte, Pair by 2
        Function mac = lower("        Mac m = ctx.header(0, Mac.class);\n"
                + "        if (m == null) return 0;\n"
                + "        Mac s = new Mac();\n"
                + "        Structs.copy(s, m);\n"
                + "        return s.a[5];");
        assertEquals(List.of(1, 1, 1, 1, 1, 1), loads(mac).subList(0, 6));
        Function pair = lower("        Pair p = ctx.header(0, Pair.class);\n"
                + "        if (p == null) return 0;\n"
                + "        Pair s = new Pair();\n"
                + "        Structs.copy(s, p);\n"
                + "        return s.y;");
        assertEquals(List.of("0:2", "2:2"), moves(pair));
    }

    @Test
    void structAssignmentIntoAMapValueMovesTheWholeStruct() {
        Function f = lower("        Rec r = recs.get(0);\n"
                + "        if (r == null) return 0;\n"
                + "        Rec s = new Rec(); s.a = 1; s.b = 2;\n"
                + "        Structs.copy(r, s);\n"
                + "        return 1;");
        assertEquals(List.of("0:8", "8:8"), moves(f));
    }

    @Test
    void anUnrolledLoopsCounterIsAConstantPosition() {
        Function f = lower("        long[] a = new long[4]; a[2] = 5;\n"
                + "        long[] b = new long[8];\n"
                + "        for (int i = 0; i < 2; i++) System.arraycopy(a, 2 * i, b, 4 * i, 2);\n"
                + "        return (int) b[6];");
        assertEquals(List.of("0:8", "8:8", "32:8", "40:8"), moves(f));
    }

    @Test
    void anOverlappingCopyUpwardsRunsFromTheEnd() {
        Function f = lower("        byte[] a = new byte[24]; a[0] = 9;\n"
                + "        System.arraycopy(a, 0, a, 8, 16);\n"
                + "        return a[8];");
        assertEquals(List.of("16:8", "8:8"), moves(f));
    }

    @Test
    void fillWithAConstantStoresTheRepeatedPattern() {
        Function f = lower("        byte[] a = new byte[12];\n"
                + "        java.util.Arrays.fill(a, 1, 12, (byte) 0x5A);\n"
                + "        return a[11];");
        List<String> stores = f.instructions().stream()
                .filter(i -> i.op() == Op.STORE && i.operand(1) instanceof Constant c && c.value() != 0)
                .map(i -> i.offset() + ":" + i.size() + ":" + Long.toHexString(((Constant) i.operand(1)).value()))
                .collect(Collectors.toList());
        assertEquals(List.of("1:1:5a", "2:2:5a5a", "4:4:5a5a5a5a", "8:4:5a5a5a5a"), stores);
    }

    @Test
    void fillWithARunTimeValueRepeatsItOnceByMultiplication() {
        Function f = lower("        int[] a = new int[4];\n"
                + "        java.util.Arrays.fill(a, ctx.ingressIfindex);\n"
                + "        return a[3];");
        assertEquals(1, f.instructions().stream().filter(i -> i.op() == Op.MUL).count());
        assertEquals(List.of(0, 8), f.instructions().stream()
                .filter(i -> i.op() == Op.STORE && !(i.operand(1) instanceof Constant)).map(Instruction::offset)
                .collect(Collectors.toList()));
    }

    @Test
    void aNonConstantLengthIsRefused() {
        rejected(program("", "        byte[] a = new byte[8];\n        byte[] b = new byte[8];\n"
                        + "        System.arraycopy(a, 0, b, 0, ctx.ingressIfindex);\n        return 0;"),
                "the length 'ctx.ingressIfindex' is not a constant", "System.arraycopy", 41);
    }

    @Test
    void aCopyBeyondTheDestinationIsRefused() {
        rejected(program("", "        byte[] a = new byte[8];\n        byte[] b = new byte[6];\n"
                        + "        System.arraycopy(a, 0, b, 1, 6);\n        return 0;"),
                "is out of bounds for source length 8 and destination length 6 (Java would throw "
                        + "ArrayIndexOutOfBoundsException)", "System.arraycopy", 25);
    }

    @Test
    void differentElementTypesAreRefused() {
        rejected(program("", "        byte[] a = new byte[8];\n        int[] b = new int[2];\n"
                        + "        System.arraycopy(a, 0, b, 0, 2);\n        return 0;"),
                "Java would throw ArrayStoreException", "System.arraycopy", 25);
    }

    @Test
    void arraysOfStructsAreRefused() {
        rejected(program(STRUCTS, "        Pair[] a = new Pair[2];\n        Pair[] b = new Pair[2];\n"
                        + "        System.arraycopy(a, 0, b, 0, 2);\n        return 0;"),
                "with Structs.copy(dest[i], src[i])", "System.arraycopy", 25);
    }

    @Test
    void fillWithFromAfterToIsRefused() {
        rejected(program("", "        long[] a = new long[4];\n"
                        + "        java.util.Arrays.fill(a, 3, 2, 0L);\n        return 0;"),
                "fromIndex > toIndex (Java would throw IllegalArgumentException)", "Arrays.fill", 30);
    }

    @Test
    void fillOfObjectsIsRefusedByTheSubsetCheck() {
        rejected(program(STRUCTS, "        Pair[] a = new Pair[2];\n"
                        + "        java.util.Arrays.fill(a, null);\n        return 0;"),
                "call of Arrays.fill() is not supported in BPF code", "Arrays.fill", 30);
    }

    @Test
    void structsOfDifferentClassesAreRefused() {
        rejected(program(STRUCTS, "        Pair a = new Pair();\n        Mac b = new Mac();\n"
                        + "        Structs.copy(a, b);\n        return 0;"),
                "Structs.copy from a Mac into a Pair: both must be the same @BpfStruct class", "Structs.copy", 21);
    }

    @Test
    void aNetworkOrderStructIntoOneEmbeddedInAHostOrderStructIsRefused() {
        rejected(program("    @BpfStruct public static final class Outer { public EthHdr eth = new EthHdr(); }",
                        "        Outer o = new Outer();\n        EthHdr e = new EthHdr();\n"
                        + "        Structs.copy(o.eth, e);\n        return 0;"),
                "Structs.copy between a network-order EthHdr and one embedded in a host-order struct", "Structs.copy", 21);
    }

    @Test
    void longCopiesAndFillsAreLoops() {
        Function f = lower("        Big v = bigs.get(0);\n"
                + "        if (v == null) return 0;\n"
                + "        byte[] a = new byte[256];\n        byte[] b = new byte[248];\n"
                + "        System.arraycopy(a, 1, b, 0, 247);\n"
                + "        java.util.Arrays.fill(v.b, (byte) 3);\n"
                + "        return b[5] + a[9];");
        // 247 bytes at different parity: one 1-byte move in a loop; the fill of 1004 bytes: an 8-byte store in a loop, a 4-byte rest
        assertEquals(List.of(1, 1, 1), loads(f), "the byte copy is one load in a loop, then b[5] and a[9]: " + f);
        assertTrue(f.instructions().stream().anyMatch(i -> i.op() == Op.PHI), "a loop counter: " + f);
        List<String> fills = f.instructions().stream()
                .filter(i -> i.op() == Op.STORE && i.operand(1) instanceof Constant c && c.value() != 0)
                .map(i -> i.size() + ":" + Long.toHexString(((Constant) i.operand(1)).value())).sorted().collect(Collectors.toList());
        assertEquals(List.of("4:3030303", "8:303030303030303"), fills);
    }

    @Test
    void assigningAnEmbeddedStructOrArrayNamesTheCopy() {
        rejected(program("    @BpfStruct public static final class Outer { public Pair p = new Pair(); @Size(6) public byte[] m = new byte[6]; }\n"
                        + STRUCTS, "        Outer o = new Outer();\n        o.p = new Pair();\n        return 0;"),
                "copy the contents instead, with Structs.copy(o.p, from)", "o.p = new", 10);
        rejected(program("    @BpfStruct public static final class Outer { @Size(6) public byte[] m = new byte[6]; }",
                        "        Outer o = new Outer();\n        o.m = new byte[6];\n        return 0;"),
                "copy the contents instead, with System.arraycopy(from, 0, o.m, 0, 6)", "o.m = new", 10);
    }

    @Test
    void contextArraysAreRefused() {
        rejected(String.join("\n",
                        "package demo;",
                        "import org.bpf4j.annotation.*;",
                        "import org.bpf4j.lang.*;",
                        "public final class Prog {",
                        "    @BpfProgram(type = ProgramType.TC)",
                        "    static int prog(SkBuffContext ctx) {",
                        "        int[] c = new int[5];",
                        "        System.arraycopy(ctx.cb, 0, c, 0, 5);",
                        "        return c[0];",
                        "    }",
                        "}"),
                "'ctx.cb' is an array in the program's context", "System.arraycopy", 29);
    }
}
