/**
 * ELF for BPF. Two layers:
 *
 * <ul>
 *   <li>generic little-endian ELF64: {@link org.bpf4j.object.elf.ElfFile} parses any file
 *       (relocatable objects, executables and shared libraries, e.g. for uprobe symbol lookup)
 *       and validates every offset and index; {@link org.bpf4j.object.elf.ElfWriter} writes
 *       relocatable objects with {@code .symtab}, {@code .strtab} and {@code .rel*} sections;
 *   <li>libbpf-style objects: {@link org.bpf4j.object.elf.BpfObject} (programs, subprograms,
 *       maps, global data, BTF) read by {@link org.bpf4j.object.elf.BpfObjectReader} and
 *       written by {@link org.bpf4j.object.elf.BpfObjectWriter}; {@link org.bpf4j.object.elf.Rewrite}
 *       runs one through the other from the command line.
 * </ul>
 *
 * Malformed input fails with {@link org.bpf4j.object.elf.ElfFormatException}; objects that would
 * not write consistently fail with {@link IllegalArgumentException}.
 */
package org.bpf4j.object.elf;
