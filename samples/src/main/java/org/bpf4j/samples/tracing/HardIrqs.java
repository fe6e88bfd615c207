package org.bpf4j.samples.tracing;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Atomics;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.BpfPerCpuArrayMap;
import org.bpf4j.lang.UpdateFlag;

/**
 * hardirqs' programs: the entry of an interrupt handler ({@code tp_btf/irq_handler_entry})
 * notes the time on its CPU, where handlers do not nest; the exit adds one run and its time to
 * the totals of the interrupt line. Lines, not handler names, key the totals: the name is a
 * {@code const char *} of {@code struct irqaction}, which a {@code @KernelStruct} cannot declare
 * yet, so the tool names lines from {@code /proc/irq}. C twin:
 * {@code benchmarks/src/main/c/tools/hardirqs.bpf.c}.
 */
public final class HardIrqs {
    /** One line's totals. */
    @BpfStruct
    public static final class Totals {
        public long count;
        public long time;
    }

    /** When the running handler began, per CPU. */
    @BpfMap(maxEntries = 1)
    static BpfPerCpuArrayMap<Long> start;

    /** Totals by interrupt number. */
    @BpfMap(maxEntries = 1024)
    static BpfHashMap<Integer, Totals> totals;

    @BpfProgram(type = ProgramType.TP_BTF, target = "irq_handler_entry")
    static int irqEntry(int irq) {
        start.put(0, Bpf.ktimeGetNs());
        return 0;
    }

    @BpfProgram(type = ProgramType.TP_BTF, target = "irq_handler_exit")
    static int irqExit(int irq) {
        Long began = start.get(0);
        if (began == null || began == 0) {
            return 0;
        }
        long delta = Bpf.ktimeGetNs() - began;
        Totals t = totals.get(irq);
        if (t != null) {
            Atomics.add(t, "count", 1);
            Atomics.add(t, "time", delta);
        } else {
            Totals first = new Totals();
            first.count = 1;
            first.time = delta;
            // a line's handlers run on one CPU at a time; only per-CPU interrupts could race here, and lose a first run
            totals.put(irq, first, UpdateFlag.NO_EXIST);
        }
        return 0;
    }

    private HardIrqs() {}
}
