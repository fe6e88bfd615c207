package org.bpf4j.runtime.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.KernelBtf;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.runtime.BpfFsMount;
import org.bpf4j.runtime.GlobalData;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.VerifierException;
import org.junit.jupiter.api.Test;

/**
 * CO-RE relocations of clang objects built against the kernel's own vmlinux.h, applied by our
 * loader and run with BPF_PROG_TEST_RUN on a raw tracepoint program (whose "current" task is
 * the calling Java thread); the expected values come from the kernel's BTF, /proc and Java.
 */
@KernelTest
class CoreRelocationTest {
    static final String CORE = """
            #include "vmlinux.h"
            #include <bpf/bpf_helpers.h>
            #include <bpf/bpf_core_read.h>

            /* deliberately wrong layouts: CO-RE must move every access to the kernel's offsets */
            struct task_struct___local {
                int tgid;
                int pid;
                unsigned long long flags;   /* the kernel's is an unsigned int: the load shrinks */
            } __attribute__((preserve_access_index));

            struct task_struct___absent {
                int no_such_field_xyz;
            } __attribute__((preserve_access_index));

            struct no_such_type_xyz { int x; };
            enum bpf_prog_type___local { BPF_PROG_TYPE_XDP___local = 999, BPF_PROG_TYPE_NOPE_XYZ = 1000 };

            __u64 out[20];

            /* a subprogram in .text: its relocations move with it when it is appended */
            static __attribute__((noinline)) __u64 pid_of(struct task_struct___local *l)
            {
                return BPF_CORE_READ(l, pid);
            }

            SEC("raw_tp/sys_enter")
            int core(void *ctx)
            {
                struct task_struct *t = (void *)bpf_get_current_task();
                struct task_struct___local *l = (void *)bpf_get_current_task_btf();
                struct task_struct___absent *a = (void *)t;

                out[0] = bpf_core_field_offset(struct task_struct, pid);
                out[1] = bpf_core_field_size(struct task_struct, comm);
                out[2] = bpf_core_field_exists(struct task_struct, pid);
                out[3] = bpf_core_field_exists(a->no_such_field_xyz);
                out[4] = bpf_core_type_exists(struct task_struct);
                out[5] = bpf_core_type_exists(struct no_such_type_xyz);
                out[6] = bpf_core_type_size(struct task_struct);
                out[7] = bpf_core_enum_value_exists(enum bpf_prog_type, BPF_PROG_TYPE_XDP);
                out[8] = bpf_core_enum_value(enum bpf_prog_type___local, BPF_PROG_TYPE_XDP___local);
                out[9] = bpf_core_enum_value_exists(enum bpf_prog_type___local, BPF_PROG_TYPE_NOPE_XYZ);
                out[10] = BPF_CORE_READ((struct task_struct___local *)t, tgid);
                out[11] = l->pid;                 /* LDX whose offset is relocated */
                out[12] = l->flags;               /* LDX whose width goes from 8 to 4 bytes */
                out[13] = __builtin_preserve_field_info(t->pid, BPF_FIELD_SIGNED);
                out[14] = bpf_core_type_id_kernel(struct task_struct);
                if (bpf_core_field_exists(a->no_such_field_xyz))
                    out[15] = BPF_CORE_READ(a, no_such_field_xyz);   /* unresolvable, but dead */
                else
                    out[15] = 77;
                out[16] = BPF_CORE_READ_BITFIELD_PROBED(t, sched_remote_wakeup);
                out[17] = BPF_CORE_READ_BITFIELD((struct task_struct *)l, in_execve);
                out[18] = bpf_core_field_size(t->sched_migrated);
                out[19] = pid_of((struct task_struct___local *)t);
                return 0;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    static final String PROGRAM = CORE.replace("char LICENSE", """
            SEC("raw_tp/sys_exit")
            int reached(void *ctx)
            {
                struct task_struct___absent *a = (void *)bpf_get_current_task_btf();
                out[0] = a->no_such_field_xyz;    /* unresolvable and reached */
                return 0;
            }

            char LICENSE""");

    @Test
    void relocationsGetTheKernelsValuesAndRun() throws Exception {
        ObjectReader.Opened opened = VmlinuxObjects.compile("core_relos", PROGRAM);
        var kernel = KernelBtf.vmlinux();
        try (LoadedObject o = loadOnly(opened, "core")) {
            assertEquals(0, runRawTracepoint(o.program("core"), 0));
            GlobalData bss = o.globals(".bss");
            long[] out = new long[20];
            for (int i = 0; i < out.length; i++) out[i] = bss.buffer().order(ByteOrder.LITTLE_ENDIAN).getLong(i * 8);

            assertEquals(kernel.field("task_struct.pid").byteOffset(), out[0], "offset of task_struct.pid");
            assertEquals(kernel.field("task_struct.comm").byteSize(), out[1], "size of task_struct.comm");
            assertEquals(1, out[2], "task_struct.pid exists");
            assertEquals(0, out[3], "no_such_field_xyz does not");
            assertEquals(1, out[4], "struct task_struct exists");
            assertEquals(0, out[5], "struct no_such_type_xyz does not");
            int task = kernel.findType("task_struct", BtfKind.STRUCT).orElseThrow();
            assertEquals(kernel.btf().sizeOf(task), out[6], "sizeof(struct task_struct)");
            assertEquals(1, out[7], "BPF_PROG_TYPE_XDP exists");
            assertEquals(6, out[8], "BPF_PROG_TYPE_XDP's value in the kernel, not the local 999");
            assertEquals(0, out[9], "no BPF_PROG_TYPE_NOPE_XYZ");
            assertEquals(ProcessHandle.current().pid(), out[10], "tgid read through BPF_CORE_READ");
            assertEquals(threadId(), out[11], "pid loaded directly at the relocated offset");
            assertEquals(threadFlags(), out[12], "task flags loaded with the kernel's width");
            assertEquals(1, out[13], "pid is signed");
            assertEquals(task, out[14], "kernel type id of task_struct");
            assertEquals(77, out[15], "the dead branch with the unresolvable relocation is skipped");
            assertEquals(threadId(), out[19], "pid read in a subprogram");
        }
    }

    @Test
    void aReachedUnresolvableRelocationIsRefusedNamingIt() throws Exception {
        ObjectReader.Opened opened = VmlinuxObjects.compile("core_unresolved", PROGRAM);
        VerifierException e = assertThrows(VerifierException.class, () -> loadOnly(opened, "reached").close());
        assertTrue(e.getMessage().contains("task_struct___absent") && e.getMessage().contains("no_such_field_xyz"),
                e.getMessage());
        assertTrue(e.log().contains("unknown#" + CorePatcher.POISON_IMM), e.log());
    }

    /**
     * libbpf as the oracle: bpftool loads the same object and the kernel's translation of its
     * program must equal ours instruction for instruction (map ids aside).
     */
    @Test
    void patchedInstructionsEqualLibbpfs() throws Exception {
        BpfFsMount.ensure();
        Path object = VmlinuxObjects.compileToFile("core_oracle", CORE);
        Path pins = Path.of("/sys/fs/bpf/bpf4j_core_" + ProcessHandle.current().pid());
        try {
            ExternalProcess.stdoutOf("bpftool", "prog", "loadall", object.toString(), pins.toString());
            String libbpf = xlated("pinned", pins.resolve("core").toString());
            try (LoadedObject o = loadOnly(ObjectReader.read(Files.readAllBytes(object)), "core")) {
                String ours = xlated("id", Integer.toString(o.program("core").info().id()));
                assertEquals(libbpf, ours);
                assertTrue(ours.contains("= " + KernelBtf.vmlinux().field("task_struct.pid").byteOffset()), ours);
            }
        } finally {
            try (var files = Files.list(pins)) {
                for (Path f : files.toList()) Files.delete(f);
            } catch (java.nio.file.NoSuchFileException e) {
                // bpftool failed before pinning anything
            }
            Files.deleteIfExists(pins);
        }
    }

    private static String xlated(String how, String which) throws Exception {
        return ExternalProcess.stdoutOf("bpftool", "prog", "dump", "xlated", how, which).replaceAll("map\\[id:\\d+\\]", "map");
    }

    /** Loads the object with only {@code program}, which has a section of its own (libbpf's autoload off for the others). */
    static LoadedObject loadOnly(ObjectReader.Opened opened, String program) {
        BpfObject o = opened.object();
        BpfObject only = new BpfObject(o.license(), o.programs().stream().filter(p -> p.name().equals(program)).toList(),
                o.subprograms(), o.maps(), o.dataSections(), o.btf(), o.btfExt());
        return ObjectLoader.load(program, only, opened.layout(), Map.of(), Map.of());
    }

    /** BPF_PROG_TEST_RUN of a raw tracepoint or syscall program with one argument, on this thread. */
    static int runRawTracepoint(LoadedProgram program, long argument) {
        return program.testRun().context(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(argument).array())
                .run().retval();
    }

    private static long threadId() throws Exception {
        return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
    }

    /** Field 9 of /proc/thread-self/stat is the task's flags. */
    private static long threadFlags() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[9 - 3]);
    }
}
