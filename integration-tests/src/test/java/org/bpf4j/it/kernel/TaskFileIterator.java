package org.bpf4j.it.kernel;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.CName;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.IterMeta;
import org.bpf4j.lang.SeqFile;

/**
 * {@code iter/task_file}: one line "tgid fd inode" per open file of every process; the context's
 * {@code fd} is a {@code u32} read as an {@code int}.
 */
public final class TaskFileIterator {
    @KernelStruct("task_struct")
    public static final class Task {
        public int tgid;
    }

    @KernelStruct("file")
    public static final class File {
        @CName("f_inode") public Inode inode;
    }

    @KernelStruct("inode")
    public static final class Inode {
        @CName("i_ino") public long number;
    }

    @BpfProgram(type = ProgramType.ITER, target = "task_file")
    static int openFiles(IterMeta meta, Task task, int fd, File file) {
        SeqFile seq = meta.seq;
        if (task == null || file == null) {
            return 0;
        }
        long[] line = {task.tgid, fd, file.inode.number};
        Bpf.seqPrintf(seq, "%d %d %lu\n", line);
        return 0;
    }
}
