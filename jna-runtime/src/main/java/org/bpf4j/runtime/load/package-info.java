/**
 * The object loader, for any libbpf-style object (ours or clang's): reads programs, maps and
 * data, links subprograms, applies CO-RE relocations against the running kernel's BTF, resolves
 * {@code .kconfig}/{@code .ksyms} externs and kfuncs, sanitizes BTF and loads everything, with the
 * verifier log turned into an exception that names source lines. {@link
 * org.bpf4j.runtime.load.ObjectLoader#load} states the steps in order.
 */
package org.bpf4j.runtime.load;
