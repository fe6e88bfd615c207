/* sigsnoop's C twin of org.bpf4j.samples.tracing.SigSnoop: every generated signal (from the
 * process target_pid, or all when 0) with sender, target and result.
 * Built against a vmlinux.h that Compare generates. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct signal { int pid; int target_pid; int sig; int result; char comm[16]; };
const volatile int target_pid = 0;
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 256 * 1024); } events SEC(".maps");

SEC("tracepoint/signal/signal_generate") int sigsnoop(struct trace_event_raw_signal_generate *ctx) {
  int pid = bpf_get_current_pid_tgid() >> 32;
  if (target_pid && pid != target_pid) return 0;
  struct signal *s = bpf_ringbuf_reserve(&events, sizeof(*s), 0);
  if (!s) return 0;
  s->pid = pid;
  s->target_pid = ctx->pid;
  s->sig = ctx->sig;
  s->result = ctx->result;
  bpf_get_current_comm(s->comm, sizeof(s->comm));
  bpf_ringbuf_submit(s, 0);
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
