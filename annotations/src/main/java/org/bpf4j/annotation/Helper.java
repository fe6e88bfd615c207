package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of {@code org.bpf4j.lang.Bpf} as a kernel helper call: the compiler emits
 * {@code call id}, passing Java arguments in r1–r5 in order and returning r0.
 *
 * <p>Argument mapping: Java parameters map to the C parameters one to one, except the C
 * parameters listed in {@link #sizeArgs()}: those are not Java parameters; the compiler passes
 * the byte size of the argument just before them (a {@link BpfStruct}'s size, a fixed array's
 * {@code length × element size}, a string literal's length including its NUL, 0 for
 * {@code null}). A trailing {@code long...} parameter (only {@code bpf_trace_printk}) spreads
 * over the remaining registers. Pointer parameters accept a {@code byte[]}/array or a struct
 * (passed by address), a context, or a map.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Helper {
    /** The helper number ({@code BPF_FUNC_*}), as in {@code bpf_helper_defs.h}. */
    int id();

    /** The C name, e.g. {@code bpf_map_lookup_elem}. */
    String name();

    /**
     * Zero-based C parameter positions that the compiler fills with the size of the preceding
     * argument (see the class comment).
     */
    int[] sizeArgs() default {};

    /**
     * Zero-based C parameter position of the pointer whose bytes, as many as the size argument
     * after it says, the helper writes on every outcome (on failure it zero-fills them), or -1.
     * The compiler then drops stores into that memory the helper overwrites, such as the
     * zeroing of {@code new byte[n]}. From each helper's kernel source.
     */
    int filledArg() default -1;

    /**
     * Program types whose programs the kernel does not let call this helper, so a call from
     * one of them is a compile error. Measured on the kernel by
     * {@code annotations/src/tools/probe_helpers.py} (see its {@code helper_availability.tsv}
     * for the kernel release); FENTRY, FEXIT, FMOD_RET and LSM were not probed and are never listed.
     */
    ProgramType[] unavailableIn() default {};

    /**
     * Whether only programs under a GPL-compatible license may call this helper, so a call from
     * another is a compile error. Measured on the kernel by {@code probe_helpers.py} (its
     * {@code helper_gpl_only.tsv}).
     */
    boolean gplOnly() default false;

    /**
     * Whether the helper may move or resize the packet, after which the verifier forgets every
     * packet pointer: a header read before the call and used after it is a compile error. From
     * the helper's documentation in {@code bpf_helper_defs.h} ("all checks on pointers previously
     * done by the verifier are invalidated").
     */
    boolean changesPacket() default false;

    /**
     * Whether the helper changes nothing that a program or user space can observe: it reads a
     * clock, the CPU's number or the current task's ids, and takes no pointer. A call whose
     * result is unused may then go, and a path that skips every use skips the call. From each
     * helper's kernel source.
     */
    boolean removable() default false;
    /**
     * Whether the helper takes a lock the program must release ({@code bpf_spin_lock}): until it
     * does, the verifier refuses any call of a global function, so the compiler keeps the
     * {@code @BpfFunction}s of a class that calls it static.
     */
    boolean takesLock() default false;
}
