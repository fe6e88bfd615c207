#include "corpus.h"
/* sched_switch tracepoint: count the times each task is switched out (not the idle task). */
struct sched_switch_args {
  __u64 common;
  char prev_comm[16];
  __s32 prev_pid, prev_prio;
  __s64 prev_state;
  char next_comm[16];
  __s32 next_pid, next_prio;
};
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 10240); __type(key, __u32); __type(value, __u64); } switches_out SEC(".maps");
SEC("tracepoint/sched/sched_switch") int tp_sched_switch(struct sched_switch_args *ctx) {
  __u32 pid = ctx->prev_pid;
  if (pid == 0) return 0;
  __u64 one = 1, *c = bpf_map_lookup_elem(&switches_out, &pid);
  if (c) __sync_fetch_and_add(c, 1);
  else bpf_map_update_elem(&switches_out, &pid, &one, BPF_NOEXIST);
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
