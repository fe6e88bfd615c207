package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The C name of a {@link KernelStruct} member whose Java name differs ({@code @CName("real_parent") Task realParent}),
 * or of the context member an iterator program's parameter is ({@code @CName("sk_common") SockCommon socket}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface CName {
    String value();
}
