/* statsnoop's C twin of org.bpf4j.samples.tracing.StatSnoop: the entry of newfstatat or statx
 * notes the path pointer by thread (for the process target_pid, or all when 0); the exit reads the
 * path and sends it with pid, return value and comm. Built against a vmlinux.h that Compare generates. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct stat_call { int pid; int ret; char comm[16]; char pathname[256]; };
const volatile int target_pid = 0;
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 10240); __type(key, __u32); __type(value, __u64); } paths SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 256 * 1024); } events SEC(".maps");

static __always_inline int enter(struct trace_event_raw_sys_enter *ctx) {
  __u64 id = bpf_get_current_pid_tgid();
  __u32 tid = id;
  if (target_pid && (int)(id >> 32) != target_pid) return 0;
  __u64 path = ctx->args[1];
  bpf_map_update_elem(&paths, &tid, &path, BPF_ANY);
  return 0;
}

static __always_inline int exit(struct trace_event_raw_sys_exit *ctx) {
  __u64 id = bpf_get_current_pid_tgid();
  __u32 tid = id;
  __u64 *path = bpf_map_lookup_elem(&paths, &tid);
  if (!path) return 0;
  struct stat_call s = {};
  s.pid = id >> 32;
  s.ret = ctx->ret;
  bpf_get_current_comm(s.comm, sizeof(s.comm));
  bpf_probe_read_user_str(s.pathname, sizeof(s.pathname), (const char *)*path);
  bpf_ringbuf_output(&events, &s, sizeof(s), 0);
  bpf_map_delete_elem(&paths, &tid);
  return 0;
}

SEC("tracepoint/syscalls/sys_enter_newfstatat") int fstatat_enter(struct trace_event_raw_sys_enter *ctx) { return enter(ctx); }
SEC("tracepoint/syscalls/sys_exit_newfstatat") int fstatat_exit(struct trace_event_raw_sys_exit *ctx) { return exit(ctx); }
SEC("tracepoint/syscalls/sys_enter_statx") int statx_enter(struct trace_event_raw_sys_enter *ctx) { return enter(ctx); }
SEC("tracepoint/syscalls/sys_exit_statx") int statx_exit(struct trace_event_raw_sys_exit *ctx) { return exit(ctx); }
char LICENSE[] SEC("license") = "GPL";
