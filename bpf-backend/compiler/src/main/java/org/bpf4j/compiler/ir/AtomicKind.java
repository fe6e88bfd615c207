package org.bpf4j.compiler.ir;

/** Read-modify-write operations of {@link Op#ATOMIC}. */
public enum AtomicKind { ADD, OR, AND, XOR, XCHG, CMPXCHG }
