package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.bpf4j.processor.BpfProcessor;
import org.junit.jupiter.api.Test;

/** An iterator's parameters against struct bpf_iter__<target> of the build machine's kernel: errors where they are. */
class IteratorContextTest {
    private static final String[] HEADER = {
        "package demo;",
        "import org.bpf4j.annotation.*;",
        "import org.bpf4j.lang.*;",
        "public final class Iter {",
        "  @KernelStruct(\"task_struct\") public static final class Task { public int tgid; }",
        "  @KernelStruct(\"file\") public static final class File { @CName(\"f_flags\") public int flags; }",
        "  @KernelStruct(\"sock_common\") public static final class SockCommon { @CName(\"skc_num\") public char port; }",
    };

    /** HEADER, then {@code body} from line 8, then the closing brace. */
    private static JavaFileObject source(String... body) {
        String[] lines = new String[HEADER.length + body.length + 1];
        System.arraycopy(HEADER, 0, lines, 0, HEADER.length);
        System.arraycopy(body, 0, lines, HEADER.length, body.length);
        lines[lines.length - 1] = "}";
        return JavaFileObjects.forSourceLines("demo.Iter", lines);
    }

    private static Compilation compile(JavaFileObject source) {
        assumeTrue(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "the build machine has no kernel BTF");
        return Compiler.javac().withProcessors(new BpfProcessor()).compile(source);
    }

    @Test
    void theTargetsMembersInOrderCompile() {
        assertThat(compile(source(
                "  @BpfProgram(type = ProgramType.ITER, target = \"task_file\")",
                "  static int files(IterMeta meta, Task task, int fd, File file) { return fd; }",
                "  @BpfProgram(type = ProgramType.ITER, target = \"tcp\")",
                "  static int sockets(IterMeta meta, @CName(\"sk_common\") SockCommon socket, int uid) { return uid; }",
                "  @BpfProgram(type = ProgramType.ITER, target = \"task_file\")",
                "  static int tasks(IterMeta meta, Task task) { return 0; }"))).succeeded();
    }

    @Test
    void anUnknownTargetIsAnErrorAtTheAnnotationsTarget() {
        String annotation = "  @BpfProgram(type = ProgramType.ITER, target = \"bpf4j_no_such_target\")";
        JavaFileObject src = source(annotation, "  static int run(IterMeta meta) { return 0; }");
        assertThat(compile(src)).hadErrorContaining("this machine's kernel has no iterator target 'bpf4j_no_such_target': "
                + "its BTF has no struct bpf_iter__bpf4j_no_such_target").inFile(src).onLine(8);
    }

    @Test
    void aParameterOfTheWrongTypeIsAnErrorAtIt() {
        String method = "  static int run(IterMeta meta, Task task, int fd, Task file) { return 0; }";
        JavaFileObject src = source("  @BpfProgram(type = ProgramType.ITER, target = \"task_file\")", method);
        assertThat(compile(src)).hadErrorContaining("member 4 of struct bpf_iter__task_file in this machine's kernel BTF is "
                + "struct file *file, the parameter declares struct task_struct *").inFile(src).onLine(9)
                .atColumn(method.indexOf("file)") + 1);
    }

    @Test
    void anIntOfTheWrongSizeIsAnError() {
        String method = "  static int run(IterMeta meta, Task task, long fd) { return 0; }";
        JavaFileObject src = source("  @BpfProgram(type = ProgramType.ITER, target = \"task_file\")", method);
        assertThat(compile(src)).hadErrorContaining("the parameter declares a 8-byte integer").inFile(src).onLine(9)
                .atColumn(method.indexOf("fd)") + 1);
    }

    @Test
    void aParameterNamedOtherwiseThanItsMemberNamesTheFix() {
        String method = "  static int run(IterMeta meta, SockCommon socket) { return 0; }";
        JavaFileObject src = source("  @BpfProgram(type = ProgramType.ITER, target = \"tcp\")", method);
        assertThat(compile(src)).hadErrorContaining("the parameter names 'socket': name the parameter sk_common or annotate it "
                + "@CName(\"sk_common\")").inFile(src).onLine(9).atColumn(method.indexOf("socket)") + 1);
    }

    @Test
    void theMetaComesFirst() {
        String method = "  static int run(Task task) { return 0; }";
        JavaFileObject src = source("  @BpfProgram(type = ProgramType.ITER, target = \"task\")", method);
        assertThat(compile(src)).hadErrorContaining("the first parameter of an iterator program is its IterMeta").inFile(src).onLine(9);
    }
}
