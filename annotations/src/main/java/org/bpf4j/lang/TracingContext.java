package org.bpf4j.lang;

import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;

/**
 * The context of BTF-typed tracing programs (fentry, fexit, LSM): the traced function's
 * arguments as u64 slots. For fexit the return value is the slot after the last argument
 * ({@code arg(nargs)}); for LSM the slot after the hook's arguments holds the previous hook's
 * verdict.
 */
public class TracingContext extends ArgsContext {
    /** A context with these argument values. */
    public TracingContext(long... args) {
        super(args);
    }

    /** A context with these argument values. */
    public static TracingContext of(long... args) {
        return new TracingContext(args);
    }

    /** Argument {@code n} (a constant): the u64 at {@code 8 * n}. */
    @Intrinsic(IntrinsicOp.CTX_ARG)
    public long arg(int n) {
        return slot(n, "function");
    }
}
