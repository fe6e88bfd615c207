package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link KernelStruct} member that is a C bitfield of {@code value} bits:
 * {@code @Bits(1) @CName("sched_reset_on_fork") public boolean resetOnFork} for C's
 * {@code unsigned sched_reset_on_fork:1} in {@code struct task_struct}. The member is a
 * {@code boolean}, {@code byte}, {@code short}, {@code int} or {@code long}. A read has libbpf's
 * {@code BPF_CORE_READ_BITFIELD} semantics: the loader relocates the byte offset and size of the
 * storage unit, the shifts that isolate the bits, and whether the kernel's field is signed (a
 * {@code boolean} is whether any bit is set), so a field that moves or changes width between
 * kernels is still read right. Without the annotation a member is a whole integer; javac checks
 * the choice against the build machine's kernel BTF when it has one.
 *
 * <p>Not to be confused with {@link BitField}, which describes bits of packet-header fields
 * whose layout is fixed by a protocol, not relocated.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Bits {
    /** The width in bits as the C declaration has it, 1 to the size of the Java type in bits. */
    int value();
}
