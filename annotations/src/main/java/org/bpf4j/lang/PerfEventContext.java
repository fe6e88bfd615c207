package org.bpf4j.lang;

import org.bpf4j.annotation.CtxField;

/**
 * The context of perf event programs ({@code struct bpf_perf_event_data}): the sampled
 * registers (as {@link PtRegs}: {@code arg(n)}, {@code ret()}) followed by the sample period
 * and address. The offsets of {@code samplePeriod} and {@code addr} are those of x86-64, where
 * the registers take 168 bytes; for another architecture the compiler shifts them by
 * {@code PtRegsLayout.size() - 168}.
 */
public class PerfEventContext extends PtRegs {
    /** {@code sample_period}. */
    @CtxField(offset = 168, size = 8)
    public long samplePeriod;
    /** {@code addr}: the sampled data address, when the event records one. */
    @CtxField(offset = 176, size = 8)
    public long addr;

    /** A sample with these register arguments. */
    public PerfEventContext(long... args) {
        super(args);
    }
}
