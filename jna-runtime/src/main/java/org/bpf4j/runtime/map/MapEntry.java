package org.bpf4j.runtime.map;

/** One key and its value as raw bytes (a per-CPU value holds every CPU's copy, 8-byte aligned). */
public record MapEntry(byte[] key, byte[] value) {}
