/**
 * The checks of the Java subset BPF can run, made before any lowering so that every error of a
 * program is reported at once: {@link org.bpf4j.processor.lower.check.SubsetChecker} (what BPF
 * cannot run, with why and how to fix it) and
 * {@link org.bpf4j.processor.lower.check.LoopBounds} (which loops provably terminate, and which
 * are short enough to unroll).
 *
 * <p>Reads only {@code lower.source}; the JDK methods the lowering compiles are passed in, as
 * their table belongs to the lowerers. The lowerers reuse the checks' messages and bounds.
 */
package org.bpf4j.processor.lower.check;
