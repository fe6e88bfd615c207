package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a packet context class: where its packet pointers are in the kernel context struct.
 * The compiler loads {@code data} and {@code data_end} with loads of {@link #width()} bytes at
 * these offsets for {@link IntrinsicOp#PACKET_HEADER} and the other packet intrinsics.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PacketAccess {
    /** Offset of {@code data}. */
    int data();

    /** Offset of {@code data_end}. */
    int dataEnd();

    /** Offset of {@code data_meta}, or -1 when the context has none. */
    int dataMeta() default -1;

    /** Load width of the pointers in bytes (4 in {@code xdp_md}/{@code __sk_buff}, 8 in {@code sk_msg_md}). */
    int width() default 4;
}
