/**
 * Machine IR: eBPF instructions over virtual registers, in blocks, with the stack frame they
 * use. Instruction selection produces it, register allocation rewrites it to physical registers,
 * the peephole pass and the code emitter read it.
 */
package org.bpf4j.compiler.mir;
