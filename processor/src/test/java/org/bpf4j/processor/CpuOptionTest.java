package org.bpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.bpf4j.object.elf.BpfObjectReader;
import org.bpf4j.object.elf.ProgramSpec;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.IsaLevel;
import org.junit.jupiter.api.Test;

/** {@code -Abpf4j.cpu}: the object needs the level named (a program that has a use for each), v3 by default; a bad value is a javac error. */
class CpuOptionTest {
    /** A sign-extended byte and a signed division: v4 has one instruction for each, v3 sequences. */
    private static final JavaFileObject SOURCE = JavaFileObjects.forSourceLines("demo.Levels",
            "package demo;",
            "import org.bpf4j.annotation.*;",
            "import org.bpf4j.lang.*;",
            "public final class Levels {",
            "    @BpfProgram(type = ProgramType.XDP)",
            "    static int p(XdpContext ctx) {",
            "        long wide = (byte) ctx.u8(0);",
            "        return (int) (wide / (ctx.u8(1) | 1));",
            "    }",
            "}");

    private static IsaLevel levelOf(Compilation compilation) throws IOException {
        assertThat(compilation).succeeded();
        JavaFileObject object = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/bpf/demo.Levels.bpf.o")
                .orElseThrow();
        try (InputStream in = object.openInputStream()) {
            List<Insn> code = new ArrayList<>();
            for (ProgramSpec p : BpfObjectReader.read(in.readAllBytes()).programs()) code.addAll(p.insns());
            return IsaLevel.required(code).level();
        }
    }

    private static Compilation compile(String... options) {
        return Compiler.javac().withProcessors(new BpfProcessor()).withOptions((Object[]) options).compile(SOURCE);
    }

    @Test
    void theDefaultIsV3() throws IOException {
        assertEquals(IsaLevel.V3, levelOf(compile()));
    }

    @Test
    void eachLevelIsHonoured() throws IOException {
        assertEquals(IsaLevel.V4, levelOf(compile("-Abpf4j.cpu=v4")));
        assertEquals(IsaLevel.V3, levelOf(compile("-Abpf4j.cpu=v3")));
        assertEquals(IsaLevel.V1, levelOf(compile("-Abpf4j.cpu=v1")));
    }

    @Test
    void anUnknownLevelIsAJavacError() {
        Compilation c = compile("-Abpf4j.cpu=v5");
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("-Abpf4j.cpu=v5: 'v5' is no eBPF ISA level: expected v1, v2, v3 or v4");
    }
}
