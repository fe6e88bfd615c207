package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A class whose instance fields are laid out like a C struct, so that it can be a map key or
 * value, a ring-buffer record, a packet header or a tracepoint record.
 *
 * <p><b>Layout rules</b> (the compiler, the processor's BTF and the JVM codecs all follow
 * them): non-static fields in declaration order; each field at the next offset that is a
 * multiple of its alignment; the struct's alignment is the largest field alignment and its
 * size is rounded up to it (trailing padding). Field types and their C equivalents:
 * <ul>
 *   <li>{@code byte}/{@code boolean} → {@code __u8} (size and alignment 1),
 *       {@code short}/{@code char} → {@code __u16} (2), {@code int} → {@code __u32} (4),
 *       {@code long} → {@code __u64} (8). {@code char} is the unsigned 16-bit type.</li>
 *   <li>an array of one of those, or of a {@code @BpfStruct} class, with {@link Size}:
 *       a fixed C array, aligned like its element ({@code @Size(16) byte[] comm}).</li>
 *   <li>another {@code @BpfStruct} class: embedded by value, aligned like that struct.</li>
 * </ul>
 * The class needs a public no-argument constructor; array fields are allocated by the codec
 * when absent. No other field types are allowed (no references, floats, strings).
 *
 * <p>With {@link #networkOrder()}, multi-byte fields are stored big-endian (network byte
 * order) but <em>read and written as host values</em>: the compiler byte-swaps on load and
 * store and folds the swap into constants, so {@code ip.saddr == 0x7f000001} means 127.0.0.1.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface BpfStruct {
    /** Multi-byte scalar fields are big-endian in memory (packet headers). */
    boolean networkOrder() default false;
}
