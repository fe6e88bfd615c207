package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a map, context or header class that BPF code may call: the compiler
 * lowers the call as {@link #value()} describes. Methods of those classes without this
 * annotation (iteration, batch access, readers, ...) are Java-side only and rejected in BPF
 * code. Single-expression methods of {@link BpfStruct} classes (such as
 * {@code Ipv4Hdr.ihl()}) need no annotation: the compiler inlines them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Intrinsic {
    /** What the call compiles to. */
    IntrinsicOp value();
}
