package org.bpf4j.it.kernel;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.CName;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.IterMeta;
import org.bpf4j.lang.SeqFile;

/** {@code iter/task}: a header, one line "tgid parent-tgid" per process, and an end line. */
public final class TaskIterator {
    @KernelStruct("task_struct")
    public static final class Task {
        @CName("real_parent") public Task realParent;
        public int pid;
        public int tgid;
    }

    @BpfProgram(type = ProgramType.ITER, target = "task")
    static int processes(IterMeta meta, Task task) {
        SeqFile seq = meta.seq;
        if (task == null) {
            Bpf.seqPrintf(seq, "end\n", null);
            return 0;
        }
        if (meta.seqNum == 0) {
            Bpf.seqPrintf(seq, "tgid ppid\n", null);
        }
        if (task.pid != task.tgid) {
            return 0;
        }
        long[] line = {task.tgid, task.realParent.tgid};
        Bpf.seqPrintf(seq, "%d %d\n", line);
        return 0;
    }
}
