package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A kernel enum declared for CO-RE: a Java enum whose constants are the C enumerators a program
 * uses (their Java names, or {@link CName}), in any order and only those. {@code Core.enumValue}
 * gives an enumerator's value in the running kernel, {@code Core.enumValueExists} whether it has
 * it; {@code ___suffix} flavors work as for {@link KernelStruct}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KernelEnum {
    /** The C name of the enum, e.g. {@code "pid_type"}. */
    String value();
}
