package org.bpf4j.compiler.opt;

import org.bpf4j.compiler.ir.Function;

/** One optimization: rewrites a function in place, keeping it well-formed. */
public interface Pass {
    /** @return whether anything changed */
    boolean run(Function f);

    default String name() { return getClass().getSimpleName(); }
}
