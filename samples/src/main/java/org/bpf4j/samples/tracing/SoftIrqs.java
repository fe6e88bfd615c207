package org.bpf4j.samples.tracing;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Atomics;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfPerCpuArrayMap;

/**
 * softirqs' programs: the entry of a softirq ({@code tp_btf/softirq_entry}, the vector its
 * argument) notes the time on its CPU, where softirqs do not nest; the exit adds one run and its
 * time to the vector's totals. C twin: {@code benchmarks/src/main/c/tools/softirqs.bpf.c}.
 */
public final class SoftIrqs {
    /** The kernel's softirq vectors ({@code NR_SOFTIRQS}). */
    static final int VECTORS = 10;

    /** When the running softirq began, per CPU. */
    @BpfMap(maxEntries = 1)
    static BpfPerCpuArrayMap<Long> start;

    /** Runs by vector. */
    @Size(VECTORS)
    static long[] counts = new long[VECTORS];
    /** Nanoseconds by vector. */
    @Size(VECTORS)
    static long[] times = new long[VECTORS];

    @BpfProgram(type = ProgramType.TP_BTF, target = "softirq_entry")
    static int softirqEntry(int vec) {
        start.put(0, Bpf.ktimeGetNs());
        return 0;
    }

    @BpfProgram(type = ProgramType.TP_BTF, target = "softirq_exit")
    static int softirqExit(int vec) {
        Long began = start.get(0);
        if (began == null || began == 0) {
            return 0;
        }
        Atomics.add(counts, vec, 1);
        Atomics.add(times, vec, Bpf.ktimeGetNs() - began);
        return 0;
    }

    private SoftIrqs() {}
}
