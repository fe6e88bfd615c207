/**
 * Class files of {@code @BpfStruct} classes compiled elsewhere, whose accessors the lowering
 * inlines from their bytecode: {@link org.bpf4j.processor.lower.bytecode.ClassFileReader} (the
 * constant pool and a method's code) and {@link org.bpf4j.processor.lower.bytecode.JvmOpcode}
 * (the opcodes of a single expression over fields and constants, each with what it does).
 *
 * <p>Reading only: the symbolic evaluation into IR is {@code lower.BytecodeInliner}, a lowerer.
 */
package org.bpf4j.processor.lower.bytecode;
