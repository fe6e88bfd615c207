/**
 * The annotations of bpf4j: what users put on their classes, and the data tables the compiler
 * reads from the language types.
 *
 * <p><b>User annotations.</b> {@link org.bpf4j.annotation.BpfProgram} on a static method makes
 * it an eBPF program of a {@link org.bpf4j.annotation.ProgramType};
 * {@link org.bpf4j.annotation.BpfMap} on a static field of a map class declares a kernel map;
 * {@link org.bpf4j.annotation.BpfStruct} gives a class a C layout (with
 * {@link org.bpf4j.annotation.Size} for fixed arrays); {@link org.bpf4j.annotation.BpfConfig}
 * makes a static field a read-only global set before load. Other static non-final fields are
 * read-write globals ({@code .bss}/{@code .data}).
 *
 * <p><b>Language tables</b>, declared once on the types of {@code org.bpf4j.lang} and read by
 * the compiler from symbols: {@link org.bpf4j.annotation.Helper} (helper number and C name on
 * each method of {@code Bpf}), {@link org.bpf4j.annotation.CtxField} (offset, size, byte order
 * and writability of each context member), {@link org.bpf4j.annotation.PacketAccess} (where a
 * context keeps its packet pointers), {@link org.bpf4j.annotation.BitField} (which bits of a
 * header field a library accessor reads), {@link org.bpf4j.annotation.Foldable} (library
 * methods the compiler evaluates on constant arguments), {@link org.bpf4j.annotation.KernelMapType} (the kernel map
 * type of each map class, a {@link org.bpf4j.annotation.MapKind}) and
 * {@link org.bpf4j.annotation.Intrinsic} (what a call to a map, context or header method
 * compiles to, an {@link org.bpf4j.annotation.IntrinsicOp}). The kernel numbers in
 * {@code ProgramType} and {@code MapKind} are checked against {@code linux/bpf.h} by tests.
 */
package org.bpf4j.annotation;
