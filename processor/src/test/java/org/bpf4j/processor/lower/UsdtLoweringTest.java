package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.util.List;
import javax.tools.StandardLocation;
import org.bpf4j.object.btf.MapDefinition;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.BpfObjectReader;
import org.bpf4j.object.elf.ProgramSpec;
import org.bpf4j.object.usdt.UsdtSpecLayout;
import org.bpf4j.processor.BpfProcessor;
import org.junit.jupiter.api.Test;

/**
 * A USDT program's object: the spec map the compiler adds, the argument reader as one
 * subprogram however often arg() is called; its skeleton attaches through the object's spec map.
 */
class UsdtLoweringTest {
    static String usdt(String body) {
        return String.join("\n",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Probe {",
                "    static long sum;",
                "    @BpfProgram(type = ProgramType.USDT, target = \"libjvm.so:hotspot:gc__begin\")",
                "    static int probe(UsdtContext ctx) {",
                body,
                "        return 0;",
                "    }",
                "}");
    }

    @Test
    void theObjectHasTheSpecMapAndOneReader() {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Probe",
                usdt("        int n = ctx.argCount();\n"
                        + "        for (int i = 0; i < UsdtContext.MAX_ARGS; i++) { if (i == n) break; sum += ctx.arg(i); }\n"
                        + "        sum += ctx.arg(0) + ctx.cookie();")));
        assertThat(h.compilation).succeededWithoutWarnings();
        BpfObject o = BpfObjectReader.read(h.objects.get("Probe"));
        MapDefinition specs = o.map(UsdtSpecLayout.MAP_NAME).orElseThrow().definition();
        assertEquals(List.of(2, 4, UsdtSpecLayout.SPEC_SIZE, UsdtSpecLayout.MAP_ENTRIES),
                List.of(specs.mapType(), specs.keySize(), specs.valueSize(), specs.maxEntries()));
        assertEquals("usdt/libjvm.so:hotspot:gc__begin", o.program("probe").orElseThrow().section());
        assertEquals(List.of("probe", "bpf4j_usdt_arg"), o.functions().stream().map(ProgramSpec::name).toList(),
                "the program and one reader for its three arg() calls");
    }

    @Test
    void programsOfOtherTypesGetNoSpecMap() {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog",
                RejectedConstructsTest.program("", "        return XdpAction.PASS;")));
        assertFalse(BpfObjectReader.read(h.objects.get("Prog")).map(UsdtSpecLayout.MAP_NAME).isPresent());
    }

    @Test
    void theSkeletonAttachesThroughTheObjectsSpecMap() throws IOException {
        Compilation c = Compiler.javac().withProcessors(new BpfProcessor())
                .compile(JavaFileObjects.forSourceString("demo.Probe", usdt("")));
        assertThat(c).succeeded();
        String skeleton = c.generatedFile(StandardLocation.SOURCE_OUTPUT, "demo", "ProbeSkeleton.java")
                .orElseThrow().getCharContent(true).toString();
        for (String line : List.of("this.usdtSpecs = UsdtSpecs.of(object);",
                "links.add(usdtSpecs.attach(probe, \"libjvm.so:hotspot:gc__begin\", -1, 0));",
                "public Link attachProbe(String target, int pid, long cookie) {")) {
            assertTrue(skeleton.contains(line), line + " in\n" + skeleton);
        }
    }
}
