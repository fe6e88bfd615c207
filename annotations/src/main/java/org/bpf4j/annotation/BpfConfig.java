package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A read-only configuration global: a {@code static} field placed in {@code .rodata} and set
 * from Java between open and load (libbpf's {@code const volatile} globals). BPF code only reads
 * it; the verifier then knows its value and prunes dead branches.
 *
 * <pre>{@code
 * @BpfConfig static int targetPid;            // skeleton: open().config().targetPid(1234)
 * }</pre>
 *
 * <p>Plain {@code static} non-final fields without this annotation are read-write globals:
 * zero-initialised ones go to {@code .bss}, others to {@code .data}. {@code static final}
 * constants are folded by the compiler and need no section. Allowed types are those of
 * {@link BpfStruct} fields.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface BpfConfig {
}
