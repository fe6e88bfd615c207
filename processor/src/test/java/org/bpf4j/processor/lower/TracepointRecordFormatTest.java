package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.lang.TracepointFormat;
import org.bpf4j.processor.BpfProcessor;
import org.junit.jupiter.api.Test;

/**
 * Record structs of tracepoint programs against this machine's tracefs: a member that disagrees
 * with the event's format is a javac error at the member, naming the format's offset and size.
 */
class TracepointRecordFormatTest {
    /** A program of {@code event} that reads member {@code read} of {@code Record} (declared by {@code members}, from line 6). */
    private static JavaFileObject program(String event, String read, String... members) {
        String[] lines = new String[members.length + 11];
        lines[0] = "package demo;";
        lines[1] = "import org.bpf4j.annotation.*;";
        lines[2] = "import org.bpf4j.lang.*;";
        lines[3] = "public final class Prog {";
        lines[4] = "  @BpfStruct public static final class Record {";
        System.arraycopy(members, 0, lines, 5, members.length);
        int n = 5 + members.length;
        lines[n] = "  }";
        lines[n + 1] = "  @BpfProgram(type = ProgramType.TRACEPOINT, target = \"" + event + "\")";
        lines[n + 2] = "  static int run(TracepointContext ctx) {";
        lines[n + 3] = "    return (int) ctx.record(Record.class)." + read + ";";
        lines[n + 4] = "  }";
        lines[n + 5] = "}";
        return JavaFileObjects.forSourceLines("demo.Prog", lines);
    }

    private static Compilation compile(JavaFileObject... sources) {
        return Compiler.javac().withProcessors(new BpfProcessor()).compile(sources);
    }

    private static TracepointFormat.Field field(String category, String name, String field) {
        Path format = Path.of("/sys/kernel/tracing/events", category, name, "format");
        Prerequisites.require("a readable tracefs format at " + format, Files.isReadable(format));
        return TracepointFormat.read(category, name).field(field);
    }

    @Test
    void aMemberOfAnotherSizeIsAnErrorAtTheMember() {
        TracepointFormat.Field oldPid = field("sched", "sched_process_exec", "old_pid");
        JavaFileObject src = program("sched/sched_process_exec", "pid",
                "    public long common;",
                "    public int filename;",
                "    public int pid;",
                "    public long oldPid;");
        assertThat(compile(src)).hadErrorContaining("member 'oldPid' of Record disagrees with the format of tracepoint "
                        + "sched/sched_process_exec on this machine: oldPid is at 16 (8 bytes) but old_pid is at "
                        + oldPid.offset() + " (" + oldPid.size() + " bytes)")
                .inFile(src).onLine(9).atColumn(17);
    }

    @Test
    void aMemberAtAnotherOffsetIsAnErrorAtTheMember() {
        TracepointFormat.Field dfd = field("syscalls", "sys_enter_openat", "dfd");
        JavaFileObject src = program("syscalls/sys_enter_openat", "dfd",
                "    public long common;",
                "    public int __syscallNr;",
                "    public int dfd;");
        assertThat(compile(src)).hadErrorContaining("dfd is at 12 (4 bytes) but dfd is at " + dfd.offset() + " ("
                        + dfd.size() + " bytes)")
                .inFile(src).onLine(8).atColumn(16);
    }

    @Test
    void aMemberTheFormatLacksIsAnErrorAtTheMember() {
        field("sched", "sched_process_exec", "pid");
        JavaFileObject src = program("sched/sched_process_exec", "pid",
                "    public long common;",
                "    public int filename;",
                "    public int pid;",
                "    public int oldPidd;");
        assertThat(compile(src)).hadErrorContaining("oldPidd: sched/sched_process_exec has no field old_pidd")
                .inFile(src).onLine(9).atColumn(16);
    }

    @Test
    void aStructDeclaredInAnotherFileIsReportedThereWhileItsTreesExist() {
        field("sched", "sched_process_exec", "pid");
        JavaFileObject record = JavaFileObjects.forSourceLines("demo.Exec",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "@BpfStruct public final class Exec {",
                "  public long common;",
                "  public int pid;",
                "}");
        JavaFileObject src = JavaFileObjects.forSourceLines("demo.Prog",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Prog {",
                "  @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\")",
                "  static int run(TracepointContext ctx) {",
                "    return ctx.record(Exec.class).pid;",
                "  }",
                "}");
        assertThat(compile(src, record)).hadErrorContaining("member 'pid' of Exec disagrees")
                .inFile(record).onLine(5).atColumn(14);
        // Compiled first, Exec.java is finished and its trees gone when Prog is compiled: the error is at the use.
        assertThat(compile(record, src)).hadErrorContaining("member 'pid' of Exec disagrees")
                .inFile(src).onLine(7).atColumn(27);
    }

    @Test
    void recordsThatMirrorTheFormatCompile() {
        field("syscalls", "sys_enter_openat", "filename");
        assertThat(compile(program("sched/sched_process_exec", "pid",
                "    public long common;",
                "    public int filename;",
                "    public int pid;",
                "    public int oldPid;"))).succeeded();
        assertThat(compile(program("syscalls/sys_enter_openat", "dfd",
                "    public long common;",
                "    public int __syscallNr;",
                "    public long dfd;",
                "    public long filename;",
                "    public long flags;",
                "    public long mode;"))).succeeded();
    }

    @Test
    void anEventWithoutAFormatOnThisMachineIsLeftToTheRunTimeCheck() {
        assertThat(compile(program("bpf4j_test/no_such_event", "pid",
                "    public long common;",
                "    public short pid;"))).succeeded();
    }
}
