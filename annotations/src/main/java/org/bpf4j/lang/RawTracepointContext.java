package org.bpf4j.lang;

import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;

/**
 * The context of raw tracepoint programs ({@code struct bpf_raw_tracepoint_args}): the
 * tracepoint's arguments as u64 slots, e.g. for {@code sched_switch}
 * {@code (bool preempt, struct task_struct *prev, struct task_struct *next)}. Pointers are
 * kernel addresses to read with {@code Bpf.probeReadKernel}.
 */
public class RawTracepointContext extends ArgsContext {
    /** A context with these argument values. */
    public RawTracepointContext(long... args) {
        super(args);
    }

    /** A context with these argument values. */
    public static RawTracepointContext of(long... args) {
        return new RawTracepointContext(args);
    }

    /** Argument {@code n} (a constant): the u64 at {@code 8 * n}. */
    @Intrinsic(IntrinsicOp.CTX_ARG)
    public long arg(int n) {
        return slot(n, "raw tracepoint");
    }
}
