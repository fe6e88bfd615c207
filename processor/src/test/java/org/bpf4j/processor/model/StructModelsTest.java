package org.bpf4j.processor.model;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class StructModelsTest {

    /** Computes the layout of every root {@code @BpfStruct} class and keeps it by simple name. */
    @SupportedAnnotationTypes("org.bpf4j.annotation.BpfStruct")
    static final class LayoutProbe extends AbstractProcessor {
        final Map<String, StructModel> layouts = new HashMap<>();

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            StructModels calculator = new StructModels(processingEnv.getElementUtils(),
                    processingEnv.getMessager());
            for (TypeElement type : ElementFilter.typesIn(round.getRootElements())) {
                calculator.layoutOf(type).ifPresent(l -> layouts.put(l.cName(), l));
            }
            return false;
        }
    }

    private static JavaFileObject source(String name, String body) {
        return JavaFileObjects.forSourceString("demo." + name, "package demo;\n"
                + "import org.bpf4j.annotation.*;\n" + body);
    }

    private static Map<String, StructModel> layouts(JavaFileObject... sources) {
        LayoutProbe probe = new LayoutProbe();
        Compilation compilation = Compiler.javac().withProcessors(probe).compile(sources);
        assertThat(compilation).succeeded();
        return probe.layouts;
    }

    @Test
    void paddingFollowsNaturalAlignment() {
        StructModel event = layouts(source("Event",
                "@BpfStruct public class Event { public byte kind; public long time; public short port;"
                        + " public int pid; public boolean ok; }")).get("Event");
        assertEquals(0, event.field("kind").orElseThrow().offset());
        assertEquals(8, event.field("time").orElseThrow().offset());
        assertEquals(16, event.field("port").orElseThrow().offset());
        assertEquals(20, event.field("pid").orElseThrow().offset());
        assertEquals(24, event.field("ok").orElseThrow().offset());
        assertEquals(32, event.size(), "trailing padding to the 8-byte alignment");
        assertEquals(8, event.alignment());
    }

    @Test
    void arraysAndNestedStructsAreInline() {
        Map<String, StructModel> all = layouts(
                source("Inner", "@BpfStruct public class Inner { public int a; public short b; }"),
                source("Outer", "@BpfStruct public class Outer { public byte tag;"
                        + " @Size(16) public byte[] comm; public Inner inner; @Size(3) public Inner[] more;"
                        + " @Size(2) public long[] words; }"));
        StructModel inner = all.get("Inner");
        assertEquals(8, inner.size());
        assertEquals(4, inner.alignment());
        StructModel outer = all.get("Outer");
        FieldLayout comm = outer.field("comm").orElseThrow();
        assertEquals(1, comm.offset());
        assertEquals(16, comm.size());
        assertEquals(16, comm.arrayLength());
        FieldLayout nested = outer.field("inner").orElseThrow();
        assertEquals(20, nested.offset());
        assertTrue(nested.nested().isPresent());
        FieldLayout more = outer.field("more").orElseThrow();
        assertEquals(28, more.offset());
        assertEquals(24, more.size());
        assertEquals(8, more.elementSize());
        assertEquals(56, outer.field("words").orElseThrow().offset());
        assertEquals(72, outer.size());
    }

    @Test
    void networkOrderIsRecorded() {
        StructModel header = layouts(source("Hdr",
                "@BpfStruct(networkOrder = true) public class Hdr { public char port; }")).get("Hdr");
        assertTrue(header.networkOrder());
        assertEquals(2, header.size());
    }

    @Test
    void badMembersAreReportedAtTheField() {
        JavaFileObject bad = source("Bad", "@BpfStruct public class Bad {\n"
                + "  public int ok;\n"
                + "  public String name;\n"
                + "  public byte[] unsized;\n"
                + "  public double ratio;\n"
                + "  private int hidden;\n"
                + "}");
        Compilation compilation = Compiler.javac().withProcessors(new LayoutProbe()).compile(bad);
        assertThat(compilation).hadErrorContaining("member 'name' of type java.lang.String has no C layout")
                .inFile(bad).onLine(5);
        assertThat(compilation).hadErrorContaining("annotate it with @Size(n)").inFile(bad).onLine(6);
        assertThat(compilation).hadErrorContaining("BPF has no floating point").inFile(bad).onLine(7);
        assertThat(compilation).hadErrorContaining("must be neither private nor final")
                .inFile(bad).onLine(8);
    }

    @Test
    void selfContainingStructIsRejected() {
        JavaFileObject loop = source("Loop", "@BpfStruct public class Loop {\n  public Loop next;\n}");
        Compilation compilation = Compiler.javac().withProcessors(new LayoutProbe()).compile(loop);
        assertThat(compilation).hadErrorContaining("contains itself").inFile(loop).onLine(3);
    }
}
