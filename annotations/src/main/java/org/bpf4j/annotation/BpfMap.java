package org.bpf4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a kernel map on a {@code static} field whose type is one of the map classes of
 * {@code org.bpf4j.lang} ({@code BpfHashMap<K,V>}, {@code BpfArrayMap<V>}, {@code BpfRingBuffer<T>},
 * ...). The map kind comes from the field's class ({@link KernelMapType} on the class), key and
 * value types from its type arguments.
 *
 * <pre>{@code
 * @BpfMap(maxEntries = 65_536)
 * static BpfHashMap<Integer, Long> blocked;
 * }</pre>
 *
 * <p>Keys and values are {@code Byte}, {@code Short}, {@code Integer}, {@code Long}, a
 * {@link BpfStruct} class, or {@code byte[]}; a {@code byte[]} key or value needs
 * {@link #keySize()} or {@link #valueSize()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface BpfMap {
    /** {@code BPF_F_NO_PREALLOC}: allocate hash entries on demand; required by LPM tries. */
    int F_NO_PREALLOC = 0x1;
    /** {@code BPF_F_RDONLY_PROG}: BPF code may only read the map. */
    int F_RDONLY_PROG = 0x80;
    /** {@code BPF_F_WRONLY_PROG}: BPF code may only write the map. */
    int F_WRONLY_PROG = 0x100;
    /** {@code BPF_F_MMAPABLE}: an array user space can mmap. */
    int F_MMAPABLE = 0x400;

    /**
     * {@code max_entries}: entries for hash and array maps, bytes for ring buffers (a power of
     * two, multiple of the page size), ignored (0) for perf event arrays, which get one slot
     * per possible CPU.
     */
    int maxEntries();

    /** {@code map_flags}: the {@code F_*} constants of this annotation, or'ed. */
    int flags() default 0;

    /** Whether and where the map is pinned in bpffs. */
    Pinning pinning() default Pinning.NONE;

    /** The map name in the kernel (at most 15 characters are kept). Empty: the field name. */
    String name() default "";

    /** Key size in bytes for a {@code byte[]} key; 0 when the key type fixes it. */
    int keySize() default 0;

    /** Value size in bytes for a {@code byte[]} value; 0 when the value type fixes it. */
    int valueSize() default 0;
}
