package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a no-argument method of a library {@link BpfStruct} (packet headers such as
 * {@code Ipv4Hdr.ihl()}): the method reads bits of one of the struct's integer fields, so the
 * compiler can lower a call without the method's source. The value is
 * {@code (unsigned field >>> shift) & ((1 << width) - 1)}, where the field is zero-extended from
 * its size (as a host value for network-order structs); a {@code boolean} method returns
 * whether that value is non-zero. The Java body computes the same, and a test checks that.
 * Methods of the user's own {@code @BpfStruct} classes need no annotation: their source is
 * inlined.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BitField {
    /** Name of the field read. */
    String field();

    /** Position of the lowest bit read (0 = least significant). */
    int shift() default 0;

    /** Number of bits read, 1 to 32. */
    int width();
}
