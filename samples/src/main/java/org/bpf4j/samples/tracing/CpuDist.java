package org.bpf4j.samples.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Atomics;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfLruHashMap;

/**
 * cpudist's program: how long tasks ran each time they were on a CPU (or, with {@code offCpu},
 * how long they were off it), as a log2 histogram, from {@code sched_switch} alone: the task
 * switched out ends a time on the CPU and starts one off it, the task switched in the reverse.
 * C twin: {@code benchmarks/src/main/c/tools/cpudist.bpf.c}.
 */
public final class CpuDist {
    /** Histogram slots: slot i counts times in [2^i, 2^(i+1)) units, the last one also the longer. */
    public static final int SLOTS = 26;

    /** The members of {@code struct task_struct} the tool reads. */
    @KernelStruct("task_struct")
    public static final class Task {
        public int pid;
        public int tgid;
    }

    /** The process to watch; 0 watches all. */
    @BpfConfig
    static int targetPid = 0;

    /** Time off the CPU instead of on it. */
    @BpfConfig
    static boolean offCpu = false;

    /** Milliseconds instead of microseconds. */
    @BpfConfig
    static boolean milliseconds = false;

    /**
     * When each watched task (by thread id) was switched in (out, with {@code offCpu}), in ns;
     * LRU, so that tasks that exit while off the CPU do not fill it.
     */
    @BpfMap(maxEntries = 10240)
    static BpfLruHashMap<Integer, Long> since;

    /** The histogram, read and cleared by the tool. */
    @Size(SLOTS)
    static long[] slots = new long[SLOTS];

    @BpfProgram(type = ProgramType.TP_BTF, target = "sched_switch")
    static int cpudistSwitch(boolean preempt, Task prev, Task next) {
        long now = Bpf.ktimeGetNs();
        if (offCpu) {
            start(prev, now);
            end(next, now);
        } else {
            end(prev, now);
            start(next, now);
        }
        return 0;
    }

    /** Whether {@code t} is watched: not the idle task (pid 0 on every CPU), and of the process asked for. */
    private static boolean watched(Task t, int pid) {
        return pid != 0 && (targetPid == 0 || t.tgid == targetPid);
    }

    private static void start(Task t, long now) {
        int pid = t.pid;
        if (watched(t, pid)) {
            since.put(pid, now);
        }
    }

    private static void end(Task t, long now) {
        int pid = t.pid;
        if (!watched(t, pid)) {
            return;
        }
        Long at = since.get(pid);
        if (at == null) {
            return;
        }
        long time = Long.divideUnsigned(now - at, milliseconds ? 1_000_000 : 1000);
        Atomics.add(slots, Math.min(log2(time), SLOTS - 1), 1);
        since.remove(pid);
    }

    /** floor(log2(v)) of v taken unsigned, and 0 for 0: a binary search over the bits. */
    static int log2(long v) {
        int r = 0;
        for (int k = 5; k >= 0; k--) {
            int shift = 1 << k;
            if (v >>> shift != 0) {
                v >>>= shift;
                r += shift;
            }
        }
        return r;
    }

    private CpuDist() {}
}
