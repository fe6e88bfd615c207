#include "corpus.h"
/* log2 histogram of frame lengths: slot n counts lengths in [2^n, 2^(n+1)), the last slot the rest. */
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 16); __type(key, __u32); __type(value, __u64); } len_log2 SEC(".maps");
SEC("xdp") int xdp_len_hist(struct xdp_md *ctx) {
  __u32 len = ctx->data_end - ctx->data;
  __u32 slot = 0;
  while (slot < 15 && len >> (slot + 1)) slot++;
  __u64 *c = bpf_map_lookup_elem(&len_log2, &slot);
  if (c) *c += 1;
  return XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
