/* opensnoop's C twin of org.bpf4j.samples.tracing.OpenSnoop: the entry of openat notes pid,
 * flags and path by thread (for the process target_pid, or all when 0); the exit adds the return
 * value and comm and sends the record. Built against a vmlinux.h that Compare generates. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct open { int pid; int flags; int ret; char comm[16]; char filename[256]; };
const volatile int target_pid = 0;
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 10240); __type(key, __u32); __type(value, struct open); } opens SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 256 * 1024); } events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat") int opensnoop_enter(struct trace_event_raw_sys_enter *ctx) {
  __u64 id = bpf_get_current_pid_tgid();
  __u32 tid = id;
  int pid = id >> 32;
  if (target_pid && pid != target_pid) return 0;
  struct open o = {};
  o.pid = pid;
  o.flags = ctx->args[2];
  bpf_probe_read_user_str(o.filename, sizeof(o.filename), (const char *)ctx->args[1]);
  bpf_map_update_elem(&opens, &tid, &o, BPF_ANY);
  return 0;
}

SEC("tracepoint/syscalls/sys_exit_openat") int opensnoop_exit(struct trace_event_raw_sys_exit *ctx) {
  __u32 tid = bpf_get_current_pid_tgid();
  struct open *o = bpf_map_lookup_elem(&opens, &tid);
  if (!o) return 0;
  o->ret = ctx->ret;
  bpf_get_current_comm(o->comm, sizeof(o->comm));
  bpf_ringbuf_output(&events, o, sizeof(*o), 0);
  bpf_map_delete_elem(&opens, &tid);
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
