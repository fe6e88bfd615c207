/**
 * The compiler's spine: {@link org.bpf4j.compiler.Pipeline} runs the stages in order, from a
 * checked IR {@code Module} to the bytes of a libbpf-style object. Each stage is a package of
 * its own: {@code ir}, {@code opt}, {@code emit} (selection), {@code mir}, {@code regalloc},
 * {@code asm}; what they produce is written by the object layer ({@code org.bpf4j.object}).
 */
package org.bpf4j.compiler;
