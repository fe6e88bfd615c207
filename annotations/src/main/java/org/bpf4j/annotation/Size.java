package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The element count of a fixed-size array: a field of a {@link BpfStruct}
 * ({@code @Size(16) byte[] comm}), a {@link BpfConfig} or global array field, or a local array
 * in BPF code. On the JVM the array must have exactly that length when it is encoded.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.LOCAL_VARIABLE, ElementType.PARAMETER})
public @interface Size {
    /** Number of elements, at least 1. */
    int value();
}
