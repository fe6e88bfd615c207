package org.bpf4j.it.lang;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.TracepointContext;

/**
 * Arrays in a tracepoint's record, which is the program's context: the kernel reads it at
 * constant offsets only, so for-each over it is unrolled and a run-time index compares with each
 * index in turn. Renaming a thread ({@code /proc/thread-self/comm}) fires {@code task/task_rename}.
 * The bytes after a name's terminating NUL are whatever the trace buffer held: none is read.
 */
public final class RecordArrays {
    /** The record of {@code task/task_rename}, as its tracefs format lays it out. */
    @BpfStruct
    public static final class TaskRename {
        public long common;
        public int pid;
        @Size(16) public byte[] oldcomm;
        @Size(16) public byte[] newcomm;
        public short oomScoreAdj;
    }

    /** The thread to watch and an index (set from Java), and what the program saw. */
    @BpfStruct
    public static final class Seen {
        public int pid;
        public int index;
        public int renames;
        public int length;
        public int last;
        public int picked;
        public int oldSum;
        @Size(16) public byte[] reversed;
    }

    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Seen> seen;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "task/task_rename")
    static int renamed(TracepointContext ctx) {
        TaskRename r = ctx.record(TaskRename.class);
        Seen s = seen.get(0);
        if (s == null || r.pid != s.pid) {
            return 0;
        }
        s.renames++;
        int n = 0;
        for (byte b : r.newcomm) {
            if (b == 0) {
                break;
            }
            n++;
        }
        s.length = n;
        s.last = r.newcomm[n - 1];
        s.picked = r.newcomm[s.index];
        for (int k = 0; k < 16; k++) {
            if (k >= n) {
                break;
            }
            s.reversed[k] = r.newcomm[n - 1 - k];
        }
        int sum = 0;
        for (byte b : r.oldcomm) {
            if (b == 0) {
                break;
            }
            sum = sum * 31 + b;
        }
        s.oldSum = sum;
        return 0;
    }
}
