package org.bpf4j.backend.elf;

/** What an instruction relocation refers to; decides how a loader patches the instruction. */
public enum RelocationKind {
    /** {@code LD_IMM64} with source {@code BPF_PSEUDO_MAP_FD}: the symbol is a map. */
    MAP,
    /**
     * {@code LD_IMM64} with source {@code BPF_PSEUDO_MAP_VALUE}: the symbol is a global data
     * section ({@code .data}, {@code .bss}, {@code .rodata}, ...) or a variable in one; the
     * instruction's imm holds the byte offset from the symbol, as clang writes it.
     */
    GLOBAL_DATA,
    /**
     * {@code CALL} with source {@code BPF_PSEUDO_CALL}: the symbol is a function, or the
     * {@code .text} section (clang's form for static functions, where imm + 1 is then the callee's
     * instruction index in the section).
     */
    CALL,
    /** {@code LD_IMM64} with source {@code BPF_PSEUDO_FUNC}: the address of a function (callbacks). */
    FUNCTION_ADDRESS
}
