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
 * code. Bit accessors of library headers (such as {@code Ipv4Hdr.ihl()}) carry
 * {@link BitField} instead; methods of the user's own {@link BpfStruct} classes need no
 * annotation: the compiler inlines their source.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Intrinsic {
    /** What the call compiles to. */
    IntrinsicOp value();
}
