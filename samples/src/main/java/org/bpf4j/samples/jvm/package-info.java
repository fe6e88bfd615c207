/**
 * Samples: tools that watch a running JVM through HotSpot's USDT probes in its
 * {@code libjvm.so}, at kernel cost and without an agent: GC pauses, JIT compilations, class
 * loading, thread starts and stops. Each takes the target's pid; docs/USDT.md walks through {@link org.bpf4j.samples.jvm.GcPauses}.
 */
package org.bpf4j.samples.jvm;
