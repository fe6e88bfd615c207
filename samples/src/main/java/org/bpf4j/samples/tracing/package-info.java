/**
 * Samples: classic tracing tools of libbpf-tools and bcc written in Java, each a program class
 * (the BPF side; execsnoop and exitsnoop read the task through CO-RE) and a tool with a
 * {@code main} printing one line per event (syscount: per system call):
 * {@link org.bpf4j.samples.tracing.ExecSnoopTool}, {@link org.bpf4j.samples.tracing.OpenSnoopTool},
 * {@link org.bpf4j.samples.tracing.ExitSnoopTool}, {@link org.bpf4j.samples.tracing.SigSnoopTool},
 * {@link org.bpf4j.samples.tracing.MountSnoopTool}, {@link org.bpf4j.samples.tracing.StatSnoopTool},
 * {@link org.bpf4j.samples.tracing.SysCountTool}, and on kernels that load fexit programs
 * {@link org.bpf4j.samples.tracing.BindSnoopTool} and {@link org.bpf4j.samples.tracing.TcpConnectTool}
 * (typed parameters).
 * Their C twins are in {@code benchmarks/src/main/c/tools}.
 */
package org.bpf4j.samples.tracing;
