#include "corpus.h"
/* Per-source packet budget: the first rate_config[0] IPv4 packets of each source pass, the rest
 * are dropped; both counted per source. */
struct source_state { __u32 passed, dropped; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u32); } rate_config SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 16384); __type(key, __u32); __type(value, struct source_state); } rate_state SEC(".maps");
SEC("xdp") int xdp_rate_limit(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_PASS;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end) return XDP_PASS;
  __u32 zero = 0, src = ip->saddr;
  __u32 *limit = bpf_map_lookup_elem(&rate_config, &zero);
  if (!limit) return XDP_PASS;
  struct source_state *s = bpf_map_lookup_elem(&rate_state, &src);
  if (!s) {
    struct source_state fresh = { .passed = 1 };
    bpf_map_update_elem(&rate_state, &src, &fresh, BPF_ANY);
    return XDP_PASS;
  }
  if (s->passed >= *limit) {
    s->dropped++;
    return XDP_DROP;
  }
  s->passed++;
  return XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
