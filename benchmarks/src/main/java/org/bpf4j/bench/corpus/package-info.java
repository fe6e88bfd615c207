/**
 * Java ports of the corpus ({@code benchmarks/src/main/c/corpus/*.bpf.c}): one class per C
 * program, with the same program names (case and underscores aside), the same map names and the
 * same key and value sizes, written as a Java developer would write them. {@code Compare} sets
 * each beside clang's build of the C program; {@link org.bpf4j.bench.CorpusCases} holds the
 * packets and map contents they are run on.
 */
package org.bpf4j.bench.corpus;
