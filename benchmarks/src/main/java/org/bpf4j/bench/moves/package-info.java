/** Block moves against clang's {@code __builtin_memcpy} ({@code benchmarks/src/main/c/moves}), counted by {@code MoveCounts}. */
package org.bpf4j.bench.moves;
