package org.bpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.bpf4j.annotation.BpfProgram;
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

    private static boolean attachApiPresent() {
        try {
            Class.forName("org.bpf4j.runtime.attach.Attach");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    void attachCoversProgramsWithATarget() throws IOException {
        Compilation compilation = Compiler.javac().withProcessors(new BpfProcessor()).compile(TRACEPOINT);
        assertThat(compilation).succeeded();
        String source = compilation.generatedSourceFile("demo.ExecSkeleton").orElseThrow()
                .getCharContent(false).toString();
        if (attachApiPresent()) {
            assertTrue(source.contains(
                    "links.add(Attach.auto(object.program(\"exec\"), \"sched/sched_process_exec\"));"), source);
            assertTrue(!source.contains("object.program(\"free\"), "), "no target, not attached: " + source);
        } else {
            assertTrue(source.contains("throw new UnsupportedOperationException("), source);
        }
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
