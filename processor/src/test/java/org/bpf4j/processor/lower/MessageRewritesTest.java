package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.bpf4j.processor.lower.RejectedConstructsTest.program;
import static org.bpf4j.processor.lower.RejectedConstructsTest.rejected;

import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics that give the concrete rewrite: string concatenation as a helper's format and
 * values, calls on boxed map values as operators; GPL-only helpers under another license.
 */
class MessageRewritesTest {
    private static final String MAP = "    @BpfMap(maxEntries = 4) static BpfHashMap<Integer, Long> m;";

    @Test
    void concatenationBecomesAFormatAndItsValues() {
        rejected(program("", "        int ifindex = ctx.ingressIfindex;\n"
                        + "        Bpf.tracePrintk(\"ifindex=\" + ifindex + \" \" + 'c' + \" 100%\");\n        return 2;"),
                "string concatenation is not supported: BPF has no string objects; give a helper the format and the values "
                        + "instead: Bpf.tracePrintk(\"ifindex=%d c 100%%\", ifindex)", "Bpf.tracePrintk(", 58);
    }

    @Test
    void equalsOnABoxedValueIsTheOperator() {
        rejected(program(MAP, "        Long c = m.get(1);\n        if (c != null && c.equals(10L)) return 1;\n        return 2;"),
                "call of Long.equals() is not supported in BPF code", "c.equals", 34);
        rejected(program(MAP, "        Long c = m.get(1);\n        if (c != null && c.equals(10L)) return 1;\n        return 2;"),
                "; write c == 10L (after a null test: the value unboxes)", "c.equals", 34);
    }

    @Test
    void unboxingMethodIsACast() {
        rejected(program(MAP, "        Long c = m.get(1);\n        return c == null ? 0 : (int) c.longValue();"),
                "; write (long) c (the value unboxes)", "c.longValue", 49);
    }

    @Test
    void gplOnlyHelperUnderAnotherLicenseIsAnError() {
        String text = String.join("\n",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Prog {",
                "    @BpfProgram(type = ProgramType.XDP, license = \"Proprietary\")",
                "    static int prog(XdpContext ctx) {",
                "        Bpf.tracePrintk(\"ifindex %d\\n\", ctx.ingressIfindex);",
                "        return 2;",
                "    }",
                "}");
        rejected(text, "bpf_trace_printk is GPL-only: the kernel refuses it in a program whose license, \"Proprietary\", is "
                + "not GPL-compatible", "Bpf.tracePrintk", 24);
    }

    @Test
    void gplOnlyHelperUnderADualLicenseIsAccepted() {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", String.join("\n",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Prog {",
                "    @BpfProgram(type = ProgramType.XDP, license = \"Dual BSD/GPL\")",
                "    static int prog(XdpContext ctx) {",
                "        Bpf.tracePrintk(\"ifindex %d\\n\", ctx.ingressIfindex);",
                "        return 2;",
                "    }",
                "}")));
        assertThat(h.compilation).succeededWithoutWarnings();
    }
}
