package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a static method of the language whose result depends only on its arguments, such as
 * {@code Ipv4.parse(String)}: in BPF code a call with constant arguments is evaluated by the
 * compiler (which invokes the method) and becomes a constant, so
 * {@code ip.daddr == Ipv4.parse("10.0.0.1")} compiles to a comparison with an immediate. An
 * exception thrown by the method is reported as a compile error at the call. Calls with
 * non-constant arguments are rejected in BPF code.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Foldable {
}
