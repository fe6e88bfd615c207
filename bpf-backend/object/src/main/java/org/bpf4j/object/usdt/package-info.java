/**
 * USDT (statically defined user-space tracing) probes of executables and shared libraries:
 * {@link org.bpf4j.object.usdt.UsdtNotes} reads the {@code .note.stapsdt} notes into
 * {@link org.bpf4j.object.usdt.UsdtProbe} sites with file offsets for uprobes;
 * {@link org.bpf4j.object.usdt.UsdtArgumentParser} turns argument specs of x86-64 and arm64 into
 * {@link org.bpf4j.object.usdt.UsdtArgument}s; {@link org.bpf4j.object.usdt.UsdtSpecLayout} is the
 * spec map value BPF programs decode arguments from.
 */
package org.bpf4j.object.usdt;
