/**
 * The seam through which the runtime backs the map classes of {@code org.bpf4j.lang} with
 * kernel maps. A map class over a {@link org.bpf4j.lang.spi.MapStore} encodes keys and values
 * with {@link org.bpf4j.lang.spi.Codec}s and calls the store; the runtime implements
 * {@code MapStore} over {@code bpf(2)} and {@link org.bpf4j.lang.spi.RecordSource} over ring
 * and perf buffers. The JVM's own in-memory implementation, used when no kernel is involved,
 * is {@link org.bpf4j.lang.spi.HeapMapStore}.
 *
 * <p>Also the C struct layout rules, {@link org.bpf4j.lang.spi.CLayout}, which the language (by
 * reflection) and the processor (from source) both lay out {@code @BpfStruct} classes with.
 */
package org.bpf4j.lang.spi;
