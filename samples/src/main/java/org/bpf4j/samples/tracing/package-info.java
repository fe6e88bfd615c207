/**
 * Samples: classic tracing tools of libbpf-tools and bcc written in Java, each a program class
 * (the BPF side; execsnoop, exitsnoop and oomkill read the task through CO-RE, runqlat and cpudist
 * take it as a typed {@code tp_btf} parameter) and a tool with a {@code main} printing one line per
 * event (syscount: per system call; softirqs and hardirqs: per vector or interrupt line and
 * interval; runqlat and cpudist: a {@link org.bpf4j.samples.tracing.Log2Histogram}):
 * {@link org.bpf4j.samples.tracing.ExecSnoopTool}, {@link org.bpf4j.samples.tracing.OpenSnoopTool},
 * {@link org.bpf4j.samples.tracing.ExitSnoopTool}, {@link org.bpf4j.samples.tracing.SigSnoopTool},
 * {@link org.bpf4j.samples.tracing.MountSnoopTool}, {@link org.bpf4j.samples.tracing.StatSnoopTool},
 * {@link org.bpf4j.samples.tracing.SysCountTool}, {@link org.bpf4j.samples.tracing.OomKillTool},
 * {@link org.bpf4j.samples.tracing.SoftIrqsTool}, {@link org.bpf4j.samples.tracing.HardIrqsTool},
 * {@link org.bpf4j.samples.tracing.RunqLatTool}, {@link org.bpf4j.samples.tracing.CpuDistTool}, and on
 * kernels that load fexit programs {@link org.bpf4j.samples.tracing.BindSnoopTool} and
 * {@link org.bpf4j.samples.tracing.TcpConnectTool} (typed parameters).
 * Their C twins are in {@code benchmarks/src/main/c/tools}.
 */
package org.bpf4j.samples.tracing;
