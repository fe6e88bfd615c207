/**
 * What the lowering reads from javac, and how it reports back: typed trees with their paths
 * ({@link org.bpf4j.processor.lower.source.TypedTrees}), compile-time constants evaluated with
 * Java's arithmetic ({@link org.bpf4j.processor.lower.source.ConstantValues}), the kernel facts
 * declared on {@code org.bpf4j.lang} and {@code org.bpf4j.annotation} symbols
 * ({@link org.bpf4j.processor.lower.source.LangSymbols}), source positions for line_info, and
 * errors at a tree ({@link org.bpf4j.processor.lower.source.CompileError},
 * {@link org.bpf4j.processor.lower.source.Diagnostics}).
 *
 * <p>Builds no IR and uses nothing else of the lowering, so the checks and the lowerers share it.
 */
package org.bpf4j.processor.lower.source;
