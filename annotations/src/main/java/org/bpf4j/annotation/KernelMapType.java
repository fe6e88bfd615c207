package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a map class of {@code org.bpf4j.lang}: the kernel map type a {@link BpfMap} field of that
 * class creates. This is the single table of map classes to kernel map types.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KernelMapType {
    /** The kernel map type. */
    MapKind value();
}
