package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A member of a program context mapped onto the kernel's context struct ({@code xdp_md},
 * {@code __sk_buff}, {@code bpf_sock_addr}, ...). Reading the field compiles to a load of
 * {@link #size()} bytes at {@link #offset()} from the context pointer (r1 on entry); writing
 * it, allowed only where {@link #writable()}, to a store.
 *
 * <p>The Java type of the field gives the value the program sees: {@code int} is the 32-bit
 * value, {@code long} 64-bit, {@code char} an unsigned 16-bit value, {@code byte} 8 bits.
 * A field of {@code int[]} type with {@link #count()} > 1 is a fixed array of that many
 * elements of {@code size} bytes each, e.g. {@code __sk_buff.cb[5]}; index it with constants.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface CtxField {
    /** Byte offset in the kernel context struct. */
    int offset();

    /** Access width in bytes (1, 2, 4 or 8) of one element. */
    int size();

    /** Whether BPF code may assign the field (the kernel accepts stores there). */
    boolean writable() default false;

    /** Number of elements for array members, 1 for scalars. */
    int count() default 1;

    /** How the stored value is ordered; see {@link Order}. */
    Order order() default Order.HOST;

    /** Byte order of a context member. */
    enum Order {
        /** Host byte order: the loaded value is the value. */
        HOST,
        /**
         * The slot holds a big-endian 16-bit quantity in its first two bytes (ports,
         * {@code __sk_buff.protocol}). The program sees the host value: the compiler swaps 16
         * bits after the load and before a store.
         */
        NET16,
        /** The slot holds a big-endian 32-bit quantity (IPv4 addresses); swapped likewise. */
        NET32
    }
}
