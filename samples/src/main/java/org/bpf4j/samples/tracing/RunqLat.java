package org.bpf4j.samples.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Atomics;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfHashMap;

/**
 * runqlat's program: how long tasks wait on a run queue, as a log2 histogram. A task is queued
 * when it is woken ({@code sched_wakeup}, {@code sched_wakeup_new}) or switched out still
 * runnable ({@code sched_switch}'s {@code prev}, preempted or with state 0, {@code TASK_RUNNING}),
 * and its wait ends when it is switched in ({@code next}). BTF-typed tracepoints: the tasks are
 * parameters. C twin: {@code benchmarks/src/main/c/tools/runqlat.bpf.c}.
 */
public final class RunqLat {
    /** Histogram slots: slot i counts waits in [2^i, 2^(i+1)) units, the last one also the longer. */
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

    /** Milliseconds instead of microseconds. */
    @BpfConfig
    static boolean milliseconds = false;

    /** When each queued task (by thread id) was queued, in ns. */
    @BpfMap(maxEntries = 10240)
    static BpfHashMap<Integer, Long> queued;

    /** The histogram, read and cleared by the tool. */
    @Size(SLOTS)
    static long[] slots = new long[SLOTS];

    @BpfProgram(type = ProgramType.TP_BTF, target = "sched_wakeup")
    static int runqlatWakeup(Task p) {
        enqueue(p);
        return 0;
    }

    @BpfProgram(type = ProgramType.TP_BTF, target = "sched_wakeup_new")
    static int runqlatWakeupNew(Task p) {
        enqueue(p);
        return 0;
    }

    @BpfProgram(type = ProgramType.TP_BTF, target = "sched_switch")
    static int runqlatSwitch(boolean preempt, Task prev, Task next, int prevState) {
        if (preempt || prevState == 0) {
            enqueue(prev);
        }
        int pid = next.pid;
        Long at = queued.get(pid);
        if (at == null) {
            return 0;
        }
        long wait = Long.divideUnsigned(Bpf.ktimeGetNs() - at, milliseconds ? 1_000_000 : 1000);
        Atomics.add(slots, Math.min(log2(wait), SLOTS - 1), 1);
        queued.remove(pid);
        return 0;
    }

    /** Notes when {@code p} was queued, unless it is the idle task (pid 0 on every CPU) or filtered out. */
    private static void enqueue(Task p) {
        int pid = p.pid;
        if (pid != 0 && (targetPid == 0 || p.tgid == targetPid)) {
            queued.put(pid, Bpf.ktimeGetNs());
        }
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

    private RunqLat() {}
}
