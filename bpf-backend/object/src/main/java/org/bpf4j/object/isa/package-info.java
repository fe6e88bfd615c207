/**
 * The eBPF instruction set as the kernel documents it (instruction-set.rst) plus the kernel's
 * later additions (may_goto, load_acquire/store_release, addr_space_cast).
 *
 * <p>{@link org.bpf4j.object.isa.Insn} is one instruction; its constructor accepts only what the
 * instruction set defines, so every {@code Insn} encodes to bytes the kernel can decode. The
 * table of valid opcodes and the fields each one uses lives in
 * {@link org.bpf4j.object.isa.InsnFormat}; the enums name the opcode fields. Encoding is
 * little-endian; {@link org.bpf4j.object.isa.Insn#decode(byte[])} rejects malformed code with an
 * {@link org.bpf4j.object.isa.InsnDecodeException} that names the byte offset.
 * {@link org.bpf4j.object.isa.IsaLevel} names the levels compilers target (v1..v4) and finds
 * the level code needs; {@link org.bpf4j.object.isa.IsaForm} is the table of which
 * instruction form needs which level.
 */
package org.bpf4j.object.isa;
