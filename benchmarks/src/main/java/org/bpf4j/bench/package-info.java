/**
 * Benchmarks: measuring objects in the kernel ({@link org.bpf4j.bench.Measure}), the reference
 * packets, and the runtime benchmark against C/libbpf.
 */
package org.bpf4j.bench;
