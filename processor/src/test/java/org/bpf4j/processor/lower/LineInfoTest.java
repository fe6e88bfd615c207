package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.stream.Collectors;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.object.btf.BtfExt;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.BpfObjectReader;
import org.junit.jupiter.api.Test;

/** Every instruction carries its Java statement's position, which the object's line_info keeps. */
class LineInfoTest {
    private static final String SOURCE = RejectedConstructsTest.program("",
            "        EthHdr eth = ctx.header(0, EthHdr.class);\n"
            + "        if (eth == null) {\n"
            + "            return XdpAction.DROP;\n"
            + "        }\n"
            + "        return eth.proto == EthHdr.P_IPV4 ? XdpAction.PASS : XdpAction.ABORTED;");

    @Test
    void irInstructionsCarryTheirStatementsPosition() {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", SOURCE));
        assertThat(h.compilation).succeededWithoutWarnings();
        Module m = h.modules.get("Prog");
        for (Instruction i : m.function("prog").instructions()) {
            assertTrue(i.pos() != null, "position of " + i);
            assertEquals("Prog.java", i.pos().file());
            assertEquals(SOURCE.split("\n")[i.pos().line() - 1], i.pos().lineText(), "text of line " + i.pos().line());
        }
        List<String> lines = m.function("prog").instructions().stream().map(i -> i.pos().lineText().trim()).distinct()
                .collect(Collectors.toList());
        assertTrue(lines.contains("EthHdr eth = ctx.header(0, EthHdr.class);"), lines.toString());
        assertTrue(lines.contains("return XdpAction.DROP;"), lines.toString());
    }

    @Test
    void objectLineInfoQuotesJava() {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", SOURCE));
        BpfObject o = BpfObjectReader.read(h.objects.get("Prog"));
        BtfExt ext = o.btfExt().orElseThrow(() -> new AssertionError("no .BTF.ext"));
        List<BtfExt.LineInfo> records = ext.lineInfo().stream().filter(s -> s.name().equals("xdp"))
                .flatMap(s -> s.records().stream()).collect(Collectors.toList());
        assertTrue(records.stream().anyMatch(r -> r.lineText().contains("ctx.header(0, EthHdr.class)") && r.line() == 8
                && r.column() == 9 && r.fileName().endsWith("Prog.java")), records.toString());
    }
}
