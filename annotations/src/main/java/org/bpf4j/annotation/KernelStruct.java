package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A kernel struct declared for CO-RE ("compile once, run everywhere"): the class names the C
 * struct and declares only the members a program reads; their offsets come from the running
 * kernel's BTF at load, so one object works across kernel versions.
 *
 * <pre>{@code
 * @KernelStruct("task_struct")
 * public static final class Task {
 *     @CName("real_parent") public Task realParent;   // a pointer to another task_struct
 *     public int tgid;
 *     @Size(16) public byte[] comm;                    // char comm[16]
 * }
 * }</pre>
 *
 * <p>Members are public instance fields: {@code byte}, {@code short}, {@code char},
 * {@code int}, {@code long} (integers of that size; {@code char} unsigned), a reference to
 * another {@code @KernelStruct} class (a pointer to it, or the struct by value when the member
 * is {@link Embedded}), {@code @Size(n) byte[]} (a {@code char[n]} such as {@code comm}) and
 * {@link Bits} integers or {@code boolean}s (bitfields). A member has its Java name in C unless {@link CName}
 * gives another. Reading a member compiles to a CO-RE-relocated access: through
 * {@code bpf_probe_read_kernel} in kprobes, tracepoints and the like, a direct load in
 * BTF-typed programs ({@code tp_btf}, fentry/fexit, LSM, iterators).
 *
 * <p><b>Flavors.</b> A member that changed between kernel versions is declared in a second
 * class whose C name carries a {@code ___suffix} ({@code "task_struct___old"}): libbpf and the
 * bpf4j loader ignore everything from the triple underscore on when they match types. A
 * flavor's members may be missing on the running kernel; read them under
 * {@code Core.fieldExists(...)}. Members of a struct without a suffix must exist in the build
 * machine's kernel BTF ({@code /sys/kernel/btf/vmlinux}) when it has one; javac reports those
 * that do not.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KernelStruct {
    /** The C name of the struct, e.g. {@code "task_struct"} or the flavor {@code "task_struct___old"}. */
    String value();
}
