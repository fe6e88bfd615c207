package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.stream.Collectors;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.Linkage;
import org.bpf4j.object.elf.BpfObjectReader;
import org.junit.jupiter.api.Test;

/**
 * {@code @BpfFunction} methods become one subprogram each, called with CALL instructions;
 * unannotated methods stay inlined; forms BPF functions cannot have are javac errors.
 */
class BpfFunctionTest {
    private static final String MIX = "    @BpfFunction static int mix(int a, byte b) { return a * 31 + (b ^ 0x5a); }";

    private static Module module(String text) {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", text));
        assertThat(h.compilation).succeededWithoutWarnings();
        assertNotNull(h.objects.get("Prog"), "object emitted");
        return h.modules.get("Prog");
    }

    private static List<Instruction> ops(Function f, Op op) {
        return f.instructions().stream().filter(i -> i.op() == op).collect(Collectors.toList());
    }

    private static String twoPrograms(String secondType, String members, String first, String second) {
        return String.join("\n",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Prog {",
                members,
                "    @BpfProgram(type = ProgramType.XDP)",
                "    static int prog(XdpContext ctx) {",
                first,
                "    }",
                "    @BpfProgram(type = ProgramType." + secondType + ")",
                "    static int other(" + (secondType.equals("XDP") ? "XdpContext" : "SkBuffContext") + " ctx) {",
                second,
                "    }",
                "}");
    }

    @Test
    void callsOfAnAnnotatedMethodAreCallsOfOneSubprogram() {
        Module m = module(RejectedConstructsTest.program(MIX,
                "        int x = mix(ctx.ingressIfindex, (byte) 1);\n"
                + "        x = mix(x, (byte) ctx.rxQueueIndex);\n"
                + "        return mix(x, (byte) 3);"));
        Function mix = m.function("mix");
        assertNotNull(mix, m.toString());
        assertFalse(mix.isProgram());
        assertEquals(".text", mix.section());
        assertEquals(List.of(Type.I32, Type.I32), mix.params().stream().map(p -> p.type()).collect(Collectors.toList()));
        assertEquals(Type.I32, mix.returnType());
        List<Instruction> calls = ops(m.function("prog"), Op.CALL);
        assertEquals(3, calls.size(), m.toString());
        assertTrue(calls.stream().allMatch(c -> c.symbol().equals("mix")));
        assertTrue(ops(m.function("prog"), Op.MUL).isEmpty(), "not inlined: " + m);
        assertEquals(2, m.functions().size());
    }

    /** The object's BTF says whether the verifier checks mix once (global) or at each call (static). */
    @Test
    void anIntegerFunctionIsGlobalUnlessItsClassTakesALock() {
        String guard = "    @BpfStruct public static final class Guard { public int lock; public int count; }\n"
                + "    @BpfMap(maxEntries = 1) static BpfArrayMap<Guard> guards;\n" + MIX;
        String locked = "        Guard g = guards.get(0);\n"
                + "        if (g != null) { Bpf.spinLock(g); g.count++; Bpf.spinUnlock(g); }\n";
        assertEquals(Linkage.GLOBAL, linkageOfMix(guard, ""));
        assertEquals(Linkage.STATIC, linkageOfMix(guard, locked));
    }

    private static Linkage linkageOfMix(String members, String statements) {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog",
                RejectedConstructsTest.program(members, statements + "        return mix(ctx.ingressIfindex, (byte) 1);")));
        assertThat(h.compilation).succeededWithoutWarnings();
        assertEquals(statements.contains("spinLock"), h.modules.get("Prog").function("prog").instructions().stream()
                .anyMatch(Instruction::takesLock), "a call takes a lock where bpf_spin_lock is called");
        Btf btf = BpfObjectReader.read(h.objects.get("Prog")).btf().orElseThrow();
        return btf.type(btf.findId("mix", BtfKind.FUNC).orElseThrow(), BtfType.Func.class).linkage();
    }

    @Test
    void unannotatedMethodsStayInlined() {
        Module m = module(RejectedConstructsTest.program("    static int mix(int a, int b) { return a * 31 + b; }",
                "        return mix(mix(ctx.ingressIfindex, 1), 2);"));
        assertEquals(1, m.functions().size());
        assertTrue(ops(m.function("prog"), Op.CALL).isEmpty());
    }

    @Test
    void twoProgramsShareTheSubprogram() {
        Module m = module(twoPrograms("XDP", MIX, "        return mix(ctx.ingressIfindex, (byte) 1);",
                "        return mix(ctx.rxQueueIndex, (byte) 2) + mix(ctx.ingressIfindex, (byte) 3);"));
        assertEquals(3, m.functions().size(), m.toString());
        assertEquals(1, ops(m.function("prog"), Op.CALL).size());
        assertEquals(2, ops(m.function("other"), Op.CALL).size());
        assertTrue(ops(m.function("other"), Op.CALL).stream().allMatch(c -> c.symbol().equals("mix")));
    }

    @Test
    void programsOfAnotherTypeGetTheirOwnCopy() {
        Module m = module(twoPrograms("TC", MIX, "        return mix(ctx.ingressIfindex, (byte) 1);",
                "        return mix(ctx.len, (byte) 2) + mix(ctx.mark, (byte) 3);"));
        assertEquals(4, m.functions().size(), m.toString());
        assertTrue(ops(m.function("prog"), Op.CALL).stream().allMatch(c -> c.symbol().equals("mix")));
        assertTrue(ops(m.function("other"), Op.CALL).stream().allMatch(c -> c.symbol().equals("mix_2")), m.toString());
    }

    @Test
    void arraysArePassedByAddressWithOneSubprogramPerLength() {
        Module m = module(RejectedConstructsTest.program(
                "    @BpfFunction static int sum(int[] values) { int s = 0; for (int v : values) s += v; return s; }",
                "        int[] four = new int[4];\n"
                + "        four[1] = ctx.ingressIfindex;\n"
                + "        int[] two = new int[2];\n"
                + "        two[0] = ctx.rxQueueIndex;\n"
                + "        return sum(four) + sum(two) + sum(four);"));
        assertEquals(Type.STACK, m.function("sum").params().get(0).type());
        assertEquals(Type.STACK, m.function("sum_2").params().get(0).type());
        assertEquals(3, m.functions().size(), m.toString());
        assertEquals(3, ops(m.function("prog"), Op.CALL).size());
    }

    @Test
    void nestedCallsVoidFunctionsAndPointerParameters() {
        Module m = module(RejectedConstructsTest.program(String.join("\n",
                "    @BpfStruct public static final class Acc { public int sum; public long count; }",
                "    @BpfFunction static int square(int v) { return v * v; }",
                "    @BpfFunction static void add(Acc acc, int v) { acc.sum += square(v); acc.count++; }",
                "    @BpfFunction static boolean isIpv4(XdpContext c) {",
                "        EthHdr eth = c.header(0, EthHdr.class);",
                "        return eth != null && eth.proto == EthHdr.P_IPV4;",
                "    }",
                "    @BpfFunction static int ttl(Ipv4Hdr ip) { return ip.ttl & 0xFF; }"),
                "        Acc acc = new Acc();\n"
                + "        add(acc, ctx.ingressIfindex);\n"
                + "        add(acc, 3);\n"
                + "        if (!isIpv4(ctx)) return acc.sum;\n"
                + "        Ipv4Hdr ip = ctx.header(14, Ipv4Hdr.class);\n"
                + "        if (ip == null) return 0;\n"
                + "        return acc.sum + ttl(ip);"));
        assertEquals(List.of(Type.STACK, Type.I32), m.function("add").params().stream().map(p -> p.type()).collect(Collectors.toList()));
        assertEquals(Type.VOID, m.function("add").returnType());
        assertEquals(1, ops(m.function("add"), Op.CALL).size(), "add calls square");
        assertEquals(Type.CTX, m.function("isIpv4").params().get(0).type());
        assertEquals(Type.PACKET, m.function("ttl").params().get(0).type());
        assertEquals(4, ops(m.function("prog"), Op.CALL).size());
    }

    @Test
    void aStructFromTheStackAndFromAMapGetOneSubprogramEach() {
        Module m = module(RejectedConstructsTest.program(String.join("\n",
                "    @BpfStruct public static final class Acc { public int sum; public long count; }",
                "    @BpfMap(maxEntries = 1) static BpfArrayMap<Acc> totals;",
                "    @BpfFunction static void add(Acc acc, int v) { acc.sum += v; acc.count++; }"),
                "        Acc local = new Acc();\n"
                + "        add(local, ctx.ingressIfindex);\n"
                + "        Acc total = totals.get(0);\n"
                + "        if (total == null) return 0;\n"
                + "        add(total, local.sum);\n"
                + "        add(total, 1);\n"
                + "        return local.sum;"));
        assertEquals(Type.STACK, m.function("add").params().get(0).type());
        assertEquals(Type.MAP_VALUE, m.function("add_2").params().get(0).type());
        assertEquals(3, m.functions().size(), m.toString());
    }

    @Test
    void aRingBufferRecordIsFilledThroughItsReference() {
        Module m = module(RejectedConstructsTest.program(String.join("\n",
                "    @BpfStruct public static final class Event { public int ifindex; public long stamp; }",
                "    @BpfMap(maxEntries = 4096) static BpfRingBuffer<Event> events;",
                "    @BpfFunction static void fill(Event e, XdpContext c) { e.ifindex = c.ingressIfindex; e.stamp = Bpf.ktimeGetNs(); }"),
                "        Event e = events.reserve();\n"
                + "        if (e == null) return 1;\n"
                + "        fill(e, ctx);\n"
                + "        events.submit(e);\n"
                + "        return 2;"));
        assertEquals(List.of(Type.MEM, Type.CTX), m.function("fill").params().stream().map(p -> p.type()).collect(Collectors.toList()));
        assertEquals(1, ops(m.function("prog"), Op.CALL).size());
    }

    // ------------------------------------------------------------------ rejected forms

    @Test
    void returningAPointer() {
        RejectedConstructsTest.rejected(RejectedConstructsTest.program(
                "    @BpfFunction static Ipv4Hdr ip(XdpContext c) { return c.header(14, Ipv4Hdr.class); }",
                "        Ipv4Hdr ip = ip(ctx);\n        return ip == null ? 0 : ip.ttl;"),
                "@BpfFunction ip() returns Ipv4Hdr, but a BPF function returns a primitive or void: the verifier does not let "
                + "a function return a pointer; fill a struct the caller passes as a parameter, or remove @BpfFunction to "
                + "inline the method", "static Ipv4Hdr ip", 25);
    }

    @Test
    void anUncalledFunctionIsCheckedToo() {
        RejectedConstructsTest.rejected(RejectedConstructsTest.program(
                "    @BpfFunction static Ipv4Hdr ip(XdpContext c) { return c.header(14, Ipv4Hdr.class); }",
                "        return 2;"),
                "@BpfFunction ip() returns Ipv4Hdr, but a BPF function returns a primitive or void", "static Ipv4Hdr ip", 25);
    }

    @Test
    void aCallOfAnInvalidFunctionSaysWhereTheErrorIs() {
        RejectedConstructsTest.rejected(RejectedConstructsTest.program(
                "    @BpfFunction static long first(Long value) { return value; }",
                "        return (int) first(5L);"),
                "@BpfFunction first() cannot be called until the error at its declaration is fixed", "return (int) first", 27);
    }

    @Test
    void recursionThroughAnnotatedMethods() {
        RejectedConstructsTest.rejected(RejectedConstructsTest.program(String.join("\n",
                "    @BpfFunction static int even(int n) { return n == 0 ? 1 : odd(n - 1); }",
                "    @BpfFunction static int odd(int n) { return n == 0 ? 0 : even(n - 1); }"),
                "        return even(ctx.ingressIfindex & 7);"),
                "recursive call of even: BPF functions cannot recurse (the verifier rejects call cycles); rewrite it as a "
                + "bounded loop", "static int odd", 66);
    }

    @Test
    void unsupportedParameter() {
        RejectedConstructsTest.rejected(RejectedConstructsTest.program(
                "    @BpfFunction static long first(Long value) { return value; }",
                "        return (int) first(5L);"),
                "parameter value of @BpfFunction first() has type Long, which a BPF function cannot take: parameters are "
                + "primitives, the program's context, @BpfStruct classes or arrays; pass the values it needs, or remove "
                + "@BpfFunction to inline the method", "static long first", 41);
    }

    @Test
    void contextArrayArgument() {
        RejectedConstructsTest.rejected(RejectedConstructsTest.program(
                "    @BpfFunction static int first(int[] values) { return values[0]; }",
                "        return first(ctx.cb);").replace("ProgramType.XDP", "ProgramType.TC").replace("XdpContext", "SkBuffContext"),
                "'ctx.cb' cannot be passed to @BpfFunction first(): a struct or array parameter takes memory the caller holds "
                + "(a local, a map value, a packet header, a ring-buffer record or an array in one of them), a context parameter "
                + "the program's context, never null or a context array; pass such a value, or copy the values into a local "
                + "array first", "return first", 25);
    }

    @Test
    void instanceMethod() {
        RejectedConstructsTest.rejected(RejectedConstructsTest.program(String.join("\n",
                "    @BpfStruct public static final class Acc {",
                "        public int sum;",
                "        @BpfFunction int twice() { return sum * 2; }",
                "    }"),
                "        Acc a = new Acc();\n        a.sum = ctx.ingressIfindex;\n        return a.twice();"),
                "@BpfFunction twice() must be static: BPF functions have no receiver object; make it a static method of the "
                + "program class", "int twice()", 26);
    }

    @Test
    void moreThanFiveParameters() {
        RejectedConstructsTest.rejected(RejectedConstructsTest.program(
                "    @BpfFunction static int sum(int a, int b, int c, int d, int e, int f) { return a + b + c + d + e + f; }",
                "        return sum(1, 2, 3, 4, 5, ctx.ingressIfindex);"),
                "@BpfFunction sum() takes 6 parameters; BPF passes at most 5 arguments in registers", "static int sum", 29);
    }

    @Test
    void callChainOverTheStackLimit() {
        RejectedConstructsTest.rejected(RejectedConstructsTest.program(
                "    @BpfFunction static int big(int i) { byte[] buf = new byte[320]; buf[i & 255] = 1; return buf[3]; }",
                "        byte[] mine = new byte[256];\n        mine[1] = (byte) ctx.ingressIfindex;\n"
                + "        return big(mine[1]);"),
                "this call of big needs 320 bytes of stack for it and the BPF functions it calls, on top of the 256 bytes of "
                + "prog: the kernel limits the frames of a call chain to 512 bytes together", "return big(", 19);
    }
}
