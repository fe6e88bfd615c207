package org.bpf4j.compiler.emit;

import org.bpf4j.compiler.ir.Value;

/**
 * How instruction selection gets at an IR value that lives in no register of its own: constants,
 * stack addresses (r10 + offset), maps and global data (LD_IMM64 at each use) and packet headers at
 * a constant offset from another pointer (folded into the memory access offset). Everything else
 * lives in a virtual register.
 */
sealed interface Materialization {
    /** The value is in virtual register {@code reg}. */
    record InRegister(int reg) implements Materialization {}

    /** r10 + {@code offset}. */
    record StackAddress(int offset) implements Materialization {}

    /** LD_IMM64 of map {@code symbol}. */
    record MapAddress(String symbol) implements Materialization {}

    /** LD_IMM64 of global data {@code symbol} + {@code offset}. */
    record GlobalAddress(String symbol, int offset) implements Materialization {}

    /** {@code base} + {@code offset}, where {@code base} is itself materialized. */
    record Offset(Value base, long offset) implements Materialization {}
}
