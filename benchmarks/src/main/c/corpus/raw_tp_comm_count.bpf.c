#include "corpus.h"
/* raw sys_enter tracepoint: count calls per task name, and separately those of tasks whose name
 * starts with "java". */
struct comm_key { char comm[16]; };
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 1024); __type(key, struct comm_key); __type(value, __u64); } comm_calls SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } java_calls SEC(".maps");
SEC("raw_tracepoint/sys_enter") int raw_tp_comm_count(struct bpf_raw_tracepoint_args *ctx) {
  struct comm_key key = {};
  bpf_get_current_comm(key.comm, sizeof(key.comm));
  __u64 one = 1, *c = bpf_map_lookup_elem(&comm_calls, &key);
  if (c) __sync_fetch_and_add(c, 1);
  else bpf_map_update_elem(&comm_calls, &key, &one, BPF_NOEXIST);
  const char prefix[] = "java";
  for (int i = 0; i < 4; i++)
    if (key.comm[i] != prefix[i]) return 0;
  __u32 zero = 0;
  c = bpf_map_lookup_elem(&java_calls, &zero);
  if (c) __sync_fetch_and_add(c, 1);
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
