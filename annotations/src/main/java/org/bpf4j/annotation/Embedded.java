package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link KernelStruct} member that holds another kernel struct by value, not a pointer to it:
 * {@code @Embedded @CName("__sk_common") SockCommon skCommon} for C's
 * {@code struct sock_common __sk_common} inside {@code struct sock}. Reading
 * {@code sk.skCommon.skcDaddr} is then one CO-RE-relocated access whose path goes through the
 * member ({@code sk->__sk_common.skc_daddr}), not a pointer dereference. Without the annotation a
 * {@code @KernelStruct} member is a pointer; javac checks the choice against the build machine's
 * kernel BTF when it has one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Embedded {}
