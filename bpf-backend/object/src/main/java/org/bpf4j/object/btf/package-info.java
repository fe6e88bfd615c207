/**
 * BTF, the BPF Type Format: the {@code .BTF} type graph ({@link org.bpf4j.object.btf.Btf},
 * built with {@link org.bpf4j.object.btf.BtfBuilder}), the {@code .BTF.ext} function, line and
 * CO-RE records ({@link org.bpf4j.object.btf.BtfExt}), libbpf's BTF-defined maps
 * ({@link org.bpf4j.object.btf.MapDefinitions}) and the running kernel's types
 * ({@link org.bpf4j.object.btf.KernelBtf}). Readers reproduce their input byte for byte when
 * re-encoded and reject malformed input with {@link org.bpf4j.object.btf.BtfFormatException}.
 */
package org.bpf4j.object.btf;
