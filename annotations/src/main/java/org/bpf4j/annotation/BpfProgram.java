package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code static} method as an eBPF program. The processor compiles its body to eBPF
 * bytecode; the method still runs on the JVM, where it is the specification (and the test
 * oracle) of what the kernel runs.
 *
 * <p>The method takes exactly one parameter, the context of its {@link #type()} (see
 * {@link ProgramType#contextClass()}), or for BTF-typed programs (tp_btf, fentry/fexit, LSM,
 * iterators) the target's arguments as typed parameters (see
 * {@link ProgramType#typedArguments()}), and returns {@code int} (the verdict: see
 * {@code XdpAction}, {@code TcAction}, {@code CgroupVerdict}, {@code SocketFilter}; 0 or
 * {@code -errno} for LSM) or {@code long} for tracing programs whose return value is ignored.
 *
 * <pre>{@code
 * @BpfProgram(type = ProgramType.TRACEPOINT, target = "sched/sched_process_exec")
 * static int onExec(TracepointContext ctx) { ... }
 * }</pre>
 *
 * <p>The ELF section is {@link #section()} when given, otherwise
 * {@link ProgramType#section(String) type().section(target())}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BpfProgram {
    /** The kind of program: fixes the context type, the section prefix and the kernel types. */
    ProgramType type();

    /**
     * The full libbpf section name, overriding the one derived from {@link #type()} and
     * {@link #target()}, e.g. {@code "tracepoint/sched/sched_process_exec"}. Empty: derived.
     */
    String section() default "";

    /**
     * Where the program attaches when that is known at compile time: a tracepoint
     * ({@code "sched/sched_process_exec"}), a kernel function for kprobe/fentry/fexit/LSM, a
     * raw tracepoint name, {@code "/path/to/binary:function"} for uprobes, an interface name for
     * XDP and tc, a cgroup path for cgroup programs. Empty: attached explicitly at run time.
     */
    String target() default "";

    /** The license string written to the {@code license} section; GPL-only helpers need GPL. */
    String license() default "GPL";

    /** The program name in the kernel (at most 15 characters are kept). Empty: the method name. */
    String name() default "";
}
