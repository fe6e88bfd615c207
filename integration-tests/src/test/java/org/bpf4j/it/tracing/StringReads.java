package org.bpf4j.it.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.CName;
import org.bpf4j.annotation.Embedded;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.Core;
import org.bpf4j.lang.TracepointContext;

/**
 * Kernel strings behind {@code char *} members, declared as {@code String} and copied with
 * {@code bpf_probe_read_kernel_str}: the file name an exec was asked for
 * ({@code bprm->filename}, a direct load in {@code tp_btf}), and the name of the executable's
 * file ({@code task->mm->exe_file->f_path.dentry->d_name.name}, probe reads in a tracepoint), and
 * the file name again through the {@code linux_binprm} pointer taken as a {@code long} and viewed
 * with {@code Core.view} (probe reads).
 */
public final class StringReads {
    @KernelStruct("linux_binprm")
    public static final class Binprm {
        public String filename;
    }

    @KernelStruct("qstr")
    public static final class Qstr {
        public String name;
    }

    @KernelStruct("dentry")
    public static final class Dentry {
        @Embedded @CName("d_name") public Qstr name;
    }

    @KernelStruct("path")
    public static final class Path {
        public Dentry dentry;
    }

    @KernelStruct("file")
    public static final class File {
        @Embedded @CName("f_path") public Path path;
    }

    @KernelStruct("mm_struct")
    public static final class Mm {
        @CName("exe_file") public File exeFile;
    }

    @KernelStruct("task_struct")
    public static final class Task {
        @CName("real_parent") public Task realParent;
        public int tgid;
        public Mm mm;
    }

    @BpfStruct
    public static final class Names {
        public int length;
        @Size(64) public byte[] name = new byte[64];
    }

    @BpfConfig
    static int parent = 0;

    /** By pid: the file name exec was given. */
    @BpfMap(maxEntries = 64)
    static BpfHashMap<Integer, Names> filenames;

    /** By pid: the name of the file the task runs, after exec. */
    @BpfMap(maxEntries = 64)
    static BpfHashMap<Integer, Names> executables;

    @BpfProgram(type = ProgramType.TP_BTF, target = "sched_process_exec")
    static int execTyped(Task p, int oldPid, Binprm bprm) {
        if (p.realParent.tgid != parent) {
            return 0;
        }
        Names n = new Names();
        n.length = Core.readString(n.name, bprm.filename);
        filenames.put(p.tgid, n);
        return 0;
    }

    /** By pid: the file name exec was given, through the {@code linux_binprm} pointer taken as a number and viewed. */
    @BpfMap(maxEntries = 64)
    static BpfHashMap<Integer, Names> viewed;

    @BpfProgram(type = ProgramType.TP_BTF, target = "sched_process_exec")
    static int execViewed(Task p, int oldPid, long bprm) {
        if (p.realParent.tgid != parent) {
            return 0;
        }
        Names n = new Names();
        n.length = Core.readString(n.name, Core.view(bprm, Binprm.class).filename);
        viewed.put(p.tgid, n);
        return 0;
    }

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "sched/sched_process_exec")
    static int exec(TracepointContext ctx) {
        Task task = Core.currentTask(Task.class);
        if (task.realParent.tgid != parent) {
            return 0;
        }
        Names n = new Names();
        n.length = Core.readString(n.name, task.mm.exeFile.path.dentry.name.name);
        executables.put(task.tgid, n);
        return 0;
    }
}
