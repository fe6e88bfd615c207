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

/** Misuse of kernel structs: a javac error at the exact line and column, naming the fix. */
class KernelStructErrorsTest {
    private static final String[] HEADER = {
        "package demo;",
        "import org.bpf4j.annotation.*;",
        "import org.bpf4j.lang.*;",
        "public final class Bad {",
        "  @KernelStruct(\"task_struct\") public static final class Task {",
        "    @CName(\"real_parent\") public Task realParent;",
        "    public int tgid;",
        "    public int bpf4jNoSuchMember;",
        "  }",
    };

    /** HEADER, then {@code body} from line 10, then the closing brace. */
    private static JavaFileObject bad(String... body) {
        String[] lines = new String[HEADER.length + body.length + 1];
        System.arraycopy(HEADER, 0, lines, 0, HEADER.length);
        System.arraycopy(body, 0, lines, HEADER.length, body.length);
        lines[lines.length - 1] = "}";
        return JavaFileObjects.forSourceLines("demo.Bad", lines);
    }

    private static Compilation compile(JavaFileObject source) {
        return Compiler.javac().withProcessors(new BpfProcessor()).compile(source);
    }

    private static void assumeKernelBtf() {
        assumeTrue(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "the build machine has no kernel BTF");
    }

    @Test
    void readingAMemberTheKernelLacks() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\")",
                "  static int run(TracepointContext ctx) {",
                "    Task t = Core.currentTask(Task.class);",
                "    return t.bpf4jNoSuchMember;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("struct task_struct of this machine's kernel has no member 'bpf4jNoSuchMember'")
                .inFile(src).onLine(13).atColumn(13);
    }

    @Test
    void aGuardedQuestionAboutAMissingMemberIsNoRead() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\")",
                "  static int run(TracepointContext ctx) {",
                "    Task t = Core.currentTask(Task.class);",
                "    return Core.fieldExists(t.bpf4jNoSuchMember) ? 1 : t.realParent.tgid;",
                "  }");
        assertThat(compile(src)).succeeded();
    }

    @Test
    void kernelReadsWhereTheProgramTypeCannot() {
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.XDP)",
                "  static int run(XdpContext ctx) {",
                "    Task t = Core.currentTask(Task.class);",
                "    return 2;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("a XDP program cannot read kernel structs")
                .inFile(src).onLine(12).atColumn(30);
    }

    @Test
    void fieldQuestionsTakeAKernelMember() {
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\")",
                "  static int run(TracepointContext ctx) {",
                "    int x = 3;",
                "    return Core.fieldExists(x) ? 1 : 0;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("Core.fieldExists takes a member of a @KernelStruct value")
                .inFile(src).onLine(13).atColumn(29);
    }

    @Test
    void typedArgumentsMatchTheTracepointPrototype() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.TP_BTF, target = \"sched_process_exec\")",
                "  static int run(Task p, int oldPid,",
                "                 Task bprm) {",
                "    return 0;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("argument 3 of tracepoint sched_process_exec is struct linux_binprm *")
                .inFile(src).onLine(12).atColumn(23);
    }

    @Test
    void fentryParametersMatchTheFunctionPrototype() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.FENTRY, target = \"do_unlinkat\")",
                "  static int run(int dfd, Task name) {",
                "    return 0;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("argument 2 of function do_unlinkat is struct filename * in this "
                + "machine's kernel BTF, the parameter declares struct task_struct *").inFile(src).onLine(11).atColumn(32);
    }

    @Test
    void fexitReturnValueMatchesTheFunctionPrototype() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.FEXIT, target = \"do_unlinkat\")",
                "  static int run(int dfd, long name,",
                "                 long ret) {",
                "    return 0;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("the return value of function do_unlinkat is int in this machine's "
                + "kernel BTF, the parameter declares long").inFile(src).onLine(12).atColumn(23);
    }

    @Test
    void fentryHasNoReturnValueSlot() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.FENTRY, target = \"do_unlinkat\")",
                "  static int run(int dfd, long name, int ret) {",
                "    return 0;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("function do_unlinkat has 2 arguments in this machine's kernel BTF, "
                + "the method declares 3 parameters").inFile(src).onLine(11).atColumn(42);
    }

    @Test
    void fmodRetReturnValueMatchesTheFunctionPrototype() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.FMOD_RET, target = \"security_path_mkdir\")",
                "  static int run(long dir, long dentry, short mode,",
                "                 long ret) {",
                "    return 0;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("the return value of function security_path_mkdir is int in this "
                + "machine's kernel BTF, the parameter declares long").inFile(src).onLine(12).atColumn(23);
    }

    @Test
    void fmodRetReplacesOnlyIntegerReturnValues() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.FMOD_RET, target = \"security_sock_graft\")",
                "  static int run(long sk, long parent) {",
                "    return 0;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("fmod_ret replaces an integer return value, but function "
                + "security_sock_graft returns void in this machine's kernel BTF").inFile(src).onLine(11);
    }

    @Test
    void lsmParametersMatchTheHookPrototype() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.LSM, target = \"path_mkdir\")",
                "  static int run(long dir, long dentry, int mode) {",
                "    return 0;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("argument 3 of LSM hook path_mkdir is short unsigned int in this machine's "
                + "kernel BTF, the parameter declares int").inFile(src).onLine(11).atColumn(45);
    }

    @Test
    void typedParametersMatchingThePrototypesCompile() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.FEXIT, target = \"do_unlinkat\")",
                "  static int exit(int dfd, long name, int ret) {",
                "    return 0;",
                "  }",
                "  @BpfProgram(type = ProgramType.LSM, target = \"path_mkdir\")",
                "  static int guard(long dir, long dentry, short mode, int verdict) {",
                "    return verdict;",
                "  }",
                "  @BpfProgram(type = ProgramType.FMOD_RET, target = \"security_path_mkdir\")",
                "  static int refuse(long dir, long dentry, short mode, int ret) {",
                "    return ret != 0 ? ret : -1;",
                "  }");
        assertThat(compile(src)).succeeded();
    }

    @Test
    void aKernelBoolIsABooleanParameter() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.TP_BTF, target = \"sched_switch\")",
                "  static int run(int preempt, Task prev) {",
                "    return 0;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("argument 1 of tracepoint sched_switch is _Bool")
                .inFile(src).onLine(11).atColumn(22);
        JavaFileObject good = bad("  @BpfProgram(type = ProgramType.TP_BTF, target = \"sched_switch\")",
                "  static int run(boolean preempt, Task prev) {",
                "    return preempt ? 1 : 0;",
                "  }");
        assertThat(compile(good)).succeeded();
    }

    @Test
    void aStructTheKernelHoldsByValueIsDeclaredEmbedded() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @KernelStruct(\"path\") public static final class Path { public long dentry; }",
                "  @KernelStruct(\"file\") public static final class File { @CName(\"f_path\") public Path fPath; }",
                "  @BpfProgram(type = ProgramType.FENTRY, target = \"vfs_read\")",
                "  static int run(File f) {",
                "    return f.fPath.dentry == 0 ? 0 : 1;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("member 'f_path' of struct file is a struct path by value in this machine's "
                + "kernel, not a pointer: annotate the Java member @Embedded").inFile(src).onLine(14).atColumn(13);
    }

    @Test
    void anEmbeddedMemberMustBeByValueInTheKernel() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @KernelStruct(\"inode\") public static final class Inode { @CName(\"i_ino\") public long ino; }",
                "  @KernelStruct(\"file\") public static final class File { @Embedded @CName(\"f_inode\") public Inode fInode; }",
                "  @BpfProgram(type = ProgramType.FENTRY, target = \"vfs_read\")",
                "  static int run(File f) {",
                "    return f.fInode.ino == 0 ? 0 : 1;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("member 'f_inode' of struct file is no struct by value in this machine's "
                + "kernel: drop @Embedded").inFile(src).onLine(14).atColumn(13);
    }

    @Test
    void aBitsMemberMustBeABitfieldInTheKernel() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @KernelStruct(\"sock_common\") public static final class Common { @Bits(4) @CName(\"skc_family\") public short family; }",
                "  @KernelStruct(\"sock\") public static final class Sock { @Embedded @CName(\"__sk_common\") public Common common; }",
                "  @BpfProgram(type = ProgramType.FENTRY, target = \"tcp_v4_connect\")",
                "  static int run(Sock s) {",
                "    return s.common.family == 0 ? 0 : 1;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("member 'skc_family' of struct sock_common is no bitfield in this machine's "
                + "kernel: drop @Bits").inFile(src).onLine(14).atColumn(20);
    }

    @Test
    void aKernelBitfieldIsDeclaredBits() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @KernelStruct(\"sock_common\") public static final class Common { @CName(\"skc_reuse\") public byte reuse; }",
                "  @KernelStruct(\"sock\") public static final class Sock { @Embedded @CName(\"__sk_common\") public Common common; }",
                "  @BpfProgram(type = ProgramType.FENTRY, target = \"tcp_v4_connect\")",
                "  static int run(Sock s) {",
                "    return s.common.reuse == 0 ? 0 : 1;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("member 'skc_reuse' of struct sock_common is a bitfield of 4 bits in this "
                + "machine's kernel: annotate the Java member @Bits(4)").inFile(src).onLine(14).atColumn(20);
    }

    @Test
    void aBitsWidthFitsItsJavaTypeAtTheDeclaration() {
        JavaFileObject src = bad("  @KernelStruct(\"sock_common\") public static final class Common { @Bits(9) @CName(\"skc_reuse\") public byte reuse; }",
                "  @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\")",
                "  static int run(TracepointContext ctx) {",
                "    Common c = null;",
                "    return c.reuse;",
                "  }");
        Compilation c = compile(src);
        assertThat(c).hadErrorContaining("member 'reuse' of @KernelStruct Common is @Bits(9), but a byte holds 1 to 8 bits")
                .inFile(src).onLine(10).atColumn(73);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void aBitsMemberIsAnIntegerAtTheDeclaration() {
        JavaFileObject src = bad("  @KernelStruct(\"sock_common\") public static final class Common { @Bits(4) @CName(\"skc_reuse\") public Task reuse; }",
                "  @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\")",
                "  static int run(TracepointContext ctx) {",
                "    return Core.typeSize(Common.class);",
                "  }");
        Compilation c = compile(src);
        assertThat(c).hadErrorContaining("@Bits member 'reuse' of @KernelStruct Common has type demo.Bad.Task: a bitfield is a "
                + "boolean, byte, short, char, int or long").inFile(src).onLine(10).atColumn(67);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void aBitsWidthIsTheKernelsAtTheDeclaration() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @KernelStruct(\"sock_common\") public static final class Common { @Bits(3) @CName(\"skc_reuse\") public byte reuse; }",
                "  @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\")",
                "  static int run(TracepointContext ctx) {",
                "    return Core.typeSize(Common.class);",
                "  }");
        Compilation c = compile(src);
        assertThat(c).hadErrorContaining("member 'skc_reuse' of struct sock_common is a bitfield of 4 bits in this machine's "
                + "kernel, not 3: annotate the Java member @Bits(4)").inFile(src).onLine(10).atColumn(73);
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void aStructCannotEmbedItself() {
        JavaFileObject src = bad("  @KernelStruct(\"list_head\") public static final class Node { @Embedded public Node next; }",
                "  @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\")",
                "  static int run(TracepointContext ctx) {",
                "    return Core.typeSize(Node.class);",
                "  }");
        assertThat(compile(src)).hadErrorContaining("@KernelStruct Node embeds itself by value").inFile(src).onLine(13);
    }

    @Test
    void aKernelEnumMemberIsDeclaredWithAKernelEnum() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @KernelStruct(\"bpf_map\") public static final class Map { @CName(\"map_type\") public int type; }",
                "  @BpfProgram(type = ProgramType.ITER, target = \"bpf_map\")",
                "  static int run(IterMeta meta, Map map) {",
                "    return map == null ? 0 : map.type;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("member 'map_type' of struct bpf_map is enum bpf_map_type in this machine's "
                + "kernel, which CO-RE does not match with an integer: declare the Java member with a @KernelEnum(\"bpf_map_type\") enum")
                .inFile(src).onLine(13).atColumn(33);
    }

    @Test
    void aKernelEnumMemberIsThatEnumInTheKernel() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @KernelEnum(\"bpf_prog_type\") public enum ProgType { BPF_PROG_TYPE_KPROBE }",
                "  @KernelStruct(\"bpf_map\") public static final class Map { @CName(\"map_type\") public ProgType type; }",
                "  @BpfProgram(type = ProgramType.ITER, target = \"bpf_map\")",
                "  static int run(IterMeta meta, Map map) {",
                "    return map != null && map.type == ProgType.BPF_PROG_TYPE_KPROBE ? 1 : 0;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("member 'map_type' of struct bpf_map is enum bpf_map_type in this machine's "
                + "kernel, not enum bpf_prog_type").inFile(src).onLine(14).atColumn(30);
    }

    @Test
    void aStringMemberIsACharPointerInTheKernel() {
        assumeKernelBtf();
        JavaFileObject src = bad("  @KernelStruct(\"linux_binprm\") public static final class Binprm { public String argc; }",
                "  @BpfStruct public static final class Name { @Size(8) public byte[] text = new byte[8]; }",
                "  @BpfProgram(type = ProgramType.TP_BTF, target = \"sched_process_exec\")",
                "  static int run(Task p, int oldPid, Binprm bprm) {",
                "    return Core.readString(new Name().text, bprm.argc);",
                "  }");
        assertThat(compile(src)).hadErrorContaining("member 'argc' of struct linux_binprm is no pointer in this machine's kernel: "
                + "a String member declares a char *").inFile(src).onLine(14).atColumn(49);
    }

    @Test
    void aSwitchExpressionOverAKernelEnumHasADefault() {
        JavaFileObject src = bad("  @KernelEnum(\"bpf_map_type\") public enum MapType { BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_ARRAY }",
                "  @KernelStruct(\"bpf_map\") public static final class Map { @CName(\"map_type\") public MapType type; }",
                "  @BpfProgram(type = ProgramType.ITER, target = \"bpf_map\")",
                "  static int run(IterMeta meta, Map map) {",
                "    return map == null ? 0 : switch (map.type) { case BPF_MAP_TYPE_HASH -> 1; case BPF_MAP_TYPE_ARRAY -> 2; };",
                "  }");
        assertThat(compile(src)).hadErrorContaining("a switch expression over a @KernelEnum member needs a default: the running "
                + "kernel's member may hold an enumerator the enum does not declare").inFile(src).onLine(14).atColumn(41);
    }
}
