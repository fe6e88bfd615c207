package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.bpf4j.processor.lower.RejectedConstructsTest.program;
import static org.bpf4j.processor.lower.RejectedConstructsTest.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.ir.Op;
import org.junit.jupiter.api.Test;

/**
 * {@code @Foldable} calls ({@code Ipv4.parse}, {@code Ipv4.of}) with constant arguments become
 * constants, in BPF code, in {@code static final} fields and in global initializers; with a
 * run-time argument, or arguments the method refuses, they are javac errors at the call.
 */
class FoldableCallsTest {

    private static Module lower(String source) {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", source));
        assertThat(h.compilation).succeededWithoutWarnings();
        return h.modules.get("Prog");
    }

    private static boolean hasConstant(Function f, long value) {
        return f.instructions().stream().flatMap(i -> i.operands().stream())
                .anyMatch(v -> v instanceof Constant c && c.value() == value);
    }

    @Test
    void callsWithConstantArgumentsAreConstantsInBpfCode() {
        Module m = lower(program("    static final int GATEWAY = Ipv4.of(10, 9, 9, 9);\n"
                        + "    static final int NET = Ipv4.parse(\"192.168.0.0\") & 0xFFFF0000;",
                "        Ipv4Hdr ip = ctx.header(14, Ipv4Hdr.class);\n"
                        + "        if (ip == null) return 1;\n"
                        + "        if (ip.daddr == Ipv4.parse(\"10.0.0.1\")) return 2;\n"
                        + "        if ((ip.saddr & 0xFFFF0000) == NET) return 3;\n"
                        + "        return ip.daddr == GATEWAY ? 4 : 5;"));
        Function f = m.function("prog");
        assertTrue(hasConstant(f, 0x0A000001L), "10.0.0.1 as an immediate");
        assertTrue(hasConstant(f, 0xC0A80000L) || hasConstant(f, 0xC0A80000), "192.168/16");
        assertTrue(hasConstant(f, 0x0A090909L), "10.9.9.9");
        assertTrue(f.instructions().stream().noneMatch(i -> i.op() == Op.CALL), "no call: folded");
    }

    @Test
    void globalInitializersFold() {
        Module m = lower(program("    static int server = Ipv4.parse(\"10.0.0.1\");\n"
                        + "    static int gateway = org.bpf4j.lang.Ipv4.of(10, 9, 9, 1 + 8);",
                "        return server == gateway ? 1 : 2;"));
        assertEquals(0x0A000001, initial(m, "server"));
        assertEquals(0x0A090909, initial(m, "gateway"));
    }

    private static int initial(Module m, String name) {
        byte[] bytes = m.globals().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow().initial();
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Test
    void runTimeArgumentIsAnError() {
        rejected(program("", "        int a = ctx.ingressIfindex;\n        return Ipv4.of(10, a, 0, 1) == 0 ? 1 : 2;"),
                "Ipv4.of(...) is evaluated by the compiler (@Foldable), so its arguments must be constants",
                "Ipv4.of(10, a", 23);
    }

    @Test
    void argumentsTheMethodRefusesAreAnError() {
        rejected(program("", "        return ctx.ingressIfindex == Ipv4.parse(\"10.0.0.256\") ? 1 : 2;"),
                "Ipv4.parse(...) with these constant arguments throws on the JVM, so it would fail there too: "
                        + "not an IPv4 address: '10.0.0.256' (256 > 255)", "Ipv4.parse(", 48);
    }

    @Test
    void staticFinalFieldTheMethodRefusesIsAnErrorAtItsInitializer() {
        rejected(program("    static final int BAD = Ipv4.of(300, 0, 0, 1);",
                        "        return ctx.ingressIfindex == BAD ? 1 : 2;"),
                "Ipv4.of(...) with these constant arguments throws on the JVM", "static final int BAD", 35);
    }

    @Test
    void globalInitializerTheMethodRefusesIsAnError() {
        String text = program("    static int bad = Ipv4.parse(\"10.0.0\");", "        return bad;");
        var source = JavaFileObjects.forSourceString("demo.Prog", text);
        LowerHarness h = LowerHarness.compile(source);
        assertThat(h.compilation).hadErrorContaining("the initial value of global bad: Ipv4.parse(...) with these "
                + "constant arguments throws on the JVM, so it would fail there too: not an IPv4 address (need four "
                + "dot-separated numbers): '10.0.0'").inFile(source).onLine(5).atColumn(16);
    }
}
