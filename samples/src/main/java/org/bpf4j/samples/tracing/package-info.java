/**
 * Samples: classic tracing tools of libbpf-tools and bcc written in Java, each a program class
 * (the BPF side; execsnoop and exitsnoop read the task through CO-RE, runqlat and cpudist take
 * it as a typed {@code tp_btf} parameter) and a tool with a {@code main} printing one line per
 * event (syscount: per system call; runqlat and cpudist: a {@link org.bpf4j.samples.tracing.Log2Histogram}):
 * {@link org.bpf4j.samples.tracing.ExecSnoopTool}, {@link org.bpf4j.samples.tracing.OpenSnoopTool},
 * {@link org.bpf4j.samples.tracing.ExitSnoopTool}, {@link org.bpf4j.samples.tracing.SigSnoopTool},
 * {@link org.bpf4j.samples.tracing.MountSnoopTool}, {@link org.bpf4j.samples.tracing.StatSnoopTool},
 * {@link org.bpf4j.samples.tracing.SysCountTool}, {@link org.bpf4j.samples.tracing.RunqLatTool}
 * and {@link org.bpf4j.samples.tracing.CpuDistTool}.
 * Their C twins are in {@code benchmarks/src/main/c/tools}.
 */
package org.bpf4j.samples.tracing;
