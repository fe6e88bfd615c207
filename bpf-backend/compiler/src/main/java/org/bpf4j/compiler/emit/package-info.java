/**
 * From IR to an object: {@link org.bpf4j.compiler.emit.InstructionSelector} turns IR into machine
 * instructions over virtual registers, {@link org.bpf4j.compiler.emit.Peephole} cleans up after
 * allocation, {@link org.bpf4j.compiler.emit.CodeEmitter} assembles one function, and {@link
 * org.bpf4j.compiler.emit.ObjectEmitter} lays out globals and maps and describes everything in BTF
 * and {@code .BTF.ext}.
 */
package org.bpf4j.compiler.emit;
