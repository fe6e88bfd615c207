/**
 * From instructions to code and back to text.
 *
 * <p>{@link org.bpf4j.compiler.asm.Assembler} lays out one section's code: jumps to
 * {@link org.bpf4j.compiler.asm.Label}s with far jumps rewritten through {@code gotol}, symbol
 * references as {@link org.bpf4j.object.elf.Relocation}s, and source positions as
 * {@link org.bpf4j.compiler.asm.LineRecord}s, all in an immutable
 * {@link org.bpf4j.compiler.asm.AssembledCode}.
 *
 * <p>{@link org.bpf4j.compiler.asm.Disassembler} prints instructions as {@code llvm-objdump -d}
 * does (LLVM 14 or LLVM 22 syntax), without branch label annotations.
 */
package org.bpf4j.compiler.asm;
