/* syscount's C twin of org.bpf4j.samples.tracing.SysCount: system calls counted by number at
 * raw_tracepoint/sys_enter, for the process target_pid or all when 0.
 * Built against a vmlinux.h that Compare generates. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

const volatile int target_pid = 0;
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 1024); __type(key, int); __type(value, __u64); } counts SEC(".maps");

SEC("raw_tracepoint/sys_enter") int syscount(struct bpf_raw_tracepoint_args *ctx) {
  if (target_pid && (int)(bpf_get_current_pid_tgid() >> 32) != target_pid) return 0;
  int nr = ctx->args[1];
  __u64 *c = bpf_map_lookup_elem(&counts, &nr);
  if (c) {
    __sync_fetch_and_add(c, 1);
  } else {
    __u64 one = 1;
    if (bpf_map_update_elem(&counts, &nr, &one, BPF_NOEXIST)) {
      c = bpf_map_lookup_elem(&counts, &nr);
      if (c) __sync_fetch_and_add(c, 1);
    }
  }
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
