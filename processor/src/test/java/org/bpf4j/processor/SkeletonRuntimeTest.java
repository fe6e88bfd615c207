package org.bpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import com.sun.source.util.Trees;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.processor.model.ModelBuilder;
import org.bpf4j.processor.model.StructModels;
import org.bpf4j.processor.skeleton.SkeletonGenerator;
import org.bpf4j.processor.skeleton.SkeletonOptions;
import org.junit.jupiter.api.Test;

/** What the generated skeleton depends on in the runtime, and what happens without it. */
class SkeletonRuntimeTest {
    private static final JavaFileObject TRACEPOINT = JavaFileObjects.forSourceLines("demo.Exec",
            "package demo;",
            "import org.bpf4j.annotation.*;",
            "import org.bpf4j.lang.*;",
            "public final class Exec {",
            "    @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\")",
            "    static int exec(TracepointContext ctx) { return 0; }",
            "    @BpfProgram(type = ProgramType.XDP)",
            "    static int free(XdpContext ctx) { return XdpAction.PASS; }",
            "}");

    /** Generates the skeleton of every BPF class as if the runtime had no attach API. */
    @SupportedAnnotationTypes("*")
    static final class NoAttachGenerator extends AbstractProcessor {
        String source;

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            for (TypeElement type : ElementFilter.typesIn(round.getRootElements())) {
                new ModelBuilder(processingEnv, Trees.instance(processingEnv),
                        new StructModels(processingEnv.getElementUtils(), processingEnv.getMessager()))
                        .build(type)
                        .ifPresent(m -> source = new SkeletonGenerator(m, new SkeletonOptions(false, true)).javaFile().toString());
            }
            return false;
        }
    }

    @Test
    void attachCoversProgramsWithATarget() throws IOException {
        Compilation compilation = Compiler.javac().withProcessors(new BpfProcessor()).compile(TRACEPOINT);
        assertThat(compilation).succeeded();
        String source = compilation.generatedSourceFile("demo.ExecSkeleton").orElseThrow()
                .getCharContent(false).toString();
        assertTrue(source.contains(
                "links.add(Attach.auto(exec, \"sched/sched_process_exec\"));"), source);
        assertTrue(!source.contains("links.add(Attach.auto(free"), "no target, not attached: " + source);
        assertTrue(source.contains("public Link attachFree(String target) {"), source);
        assertTrue(source.contains("public ExecSkeleton attach() {"), source);
        assertTrue(source.contains(" *     s.attach();\n"), "the usage example: " + source);
    }

    @Test
    void withoutAnAttachApiAttachSaysSo() {
        NoAttachGenerator generator = new NoAttachGenerator();
        assertThat(Compiler.javac().withProcessors(generator).compile(TRACEPOINT)).succeeded();
        assertTrue(generator.source.contains("throw new UnsupportedOperationException("), generator.source);
        assertTrue(!generator.source.contains("Attach.auto"), generator.source);
    }

    @Test
    void structOfAnotherPackageWithoutPublicConstructorUsesTheReflectiveCodec() throws IOException {
        Compilation compilation = Compiler.javac().withProcessors(new BpfProcessor()).compile(
                JavaFileObjects.forSourceLines("other.Rec",
                        "package other;",
                        "@org.bpf4j.annotation.BpfStruct",
                        "public final class Rec { public int a; public long b; Rec() {} }"),
                JavaFileObjects.forSourceLines("demo.UseRec",
                        "package demo;",
                        "import org.bpf4j.annotation.*;",
                        "import org.bpf4j.lang.*;",
                        "public final class UseRec {",
                        "    @BpfMap(maxEntries = 4) static BpfArrayMap<other.Rec> recs;",
                        "}"));
        assertThat(compilation).succeeded();
        String source = compilation.generatedSourceFile("demo.UseRecSkeleton").orElseThrow()
                .getCharContent(false).toString();
        assertTrue(source.contains("new BpfArrayMap<>(Codecs.struct(Rec.class), object.map(\"recs\"))"), source);
        assertTrue(!source.contains("class RecCodec"), source);
    }

    @Test
    void nestedClassGetsAFlatSkeletonName() {
        Compilation compilation = Compiler.javac().withProcessors(new BpfProcessor()).compile(
                JavaFileObjects.forSourceLines("demo.Outer",
                        "package demo;",
                        "import org.bpf4j.annotation.*;",
                        "import org.bpf4j.lang.*;",
                        "public final class Outer {",
                        "    static final class Inner {",
                        "        @BpfProgram(type = ProgramType.XDP)",
                        "        static int pass(XdpContext ctx) { return XdpAction.PASS; }",
                        "    }",
                        "}"));
        assertThat(compilation).succeeded();
        assertThat(compilation).generatedSourceFile("demo.Outer_InnerSkeleton");
        assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT, "",
                "META-INF/bpf/demo.Outer$Inner.bpf.o");
    }

    @Test
    void withoutTheRuntimeOnlyTheObjectIsWritten() throws URISyntaxException {
        File annotations = new File(BpfProgram.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Compilation compilation = Compiler.javac().withProcessors(new BpfProcessor())
                .withClasspath(List.of(annotations)).compile(TRACEPOINT);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining(
                "no ExecSkeleton generated: bpf4j-jna-runtime is not on the class path");
        assertTrue(compilation.generatedSourceFiles().isEmpty());
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "", "META-INF/bpf/demo.Exec.bpf.o");
    }
}
